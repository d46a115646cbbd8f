package script

// typedSizesSrc puts a size check in front of the typed array
// constructors and ArrayBuffer. goja allocates their memory in one step
// (lazily, so a 2**31-element Uint8Array is quick to make), and copying
// one with object spread ({...ta}) lists its elements in a Go loop no
// interrupt stops, until the process runs out of memory. Each constructor
// becomes a Proxy of itself that throws a RangeError for a length past
// max elements (a number, or an array-like's length) or an ArrayBuffer
// past max * 8 bytes; new, subclasses, Reflect.construct, species and
// instanceof work as before, and prototype.constructor is the Proxy.
const typedSizesSrc = `(function (max) {
	var AB = ArrayBuffer;
	function check(n, limit, what, unit) {
		if (n > limit) throw new RangeError("Invalid " + what + " length: more than " + limit + " " + unit);
	}
	function guard(name, buffer) {
		var C = globalThis[name];
		var hasInstance = function (x) { return x instanceof C; };
		var P = new Proxy(C, {
			construct: function (target, args, newTarget) {
				var x = args[0];
				if (buffer) check(Number(x), max * 8, "array buffer", "bytes");
				else if (typeof x === "number") check(x, max, "typed array", "elements");
				else if (x !== null && typeof x === "object" && !(x instanceof AB)) check(x.length, max, "typed array", "elements");
				return Reflect.construct(target, args, newTarget === P ? target : newTarget);
			},
			get: function (target, key, receiver) {
				return key === Symbol.hasInstance ? hasInstance : Reflect.get(target, key, receiver);
			}
		});
		C.prototype.constructor = P;
		globalThis[name] = P;
	}
	["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
	 "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"].forEach(function (name) {
		if (typeof globalThis[name] === "function") guard(name, false);
	});
	guard("ArrayBuffer", true);
})`

// limitTypedSizes runs typedSizesSrc with MaxArrayLength.
func (v *vm) limitTypedSizes() error { return v.runSetUp(typedSizesSrc, MaxArrayLength) }
