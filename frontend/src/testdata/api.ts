// Fixtures of the service's types (generated from Go, every member
// required) holding only the members a test cares about.

/** some returns values as complete Ts: the members left out are ones the code under test must not need. */
export const some = <T>(values: Partial<T>[]): T[] => values as T[];

/** goNil is what a nil Go slice or map arrives as: null, whatever its TypeScript type says. */
export const goNil = <T>(): T => null as unknown as T;
