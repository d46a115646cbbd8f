package script

// fromEntriesFix replaces Object.fromEntries, which panics in goja (a nil
// dereference) on an entry that is not an object or an empty array, by
// the specification's algorithm.
const fromEntriesFix = `(function () {
	var builtin = Object.fromEntries;
	Object.defineProperty(Object, "fromEntries", {writable: true, enumerable: false, configurable: true,
		value: function fromEntries(iterable) {
			if (iterable === null || iterable === undefined) return builtin(iterable);
			var o = {};
			for (var e of iterable) {
				if (e === null || typeof e !== "object" && typeof e !== "function") {
					throw new TypeError("Iterator value " + String(e) + " is not an entry object");
				}
				var k = e[0], v = e[1];
				Object.defineProperty(o, k, {value: v, writable: true, enumerable: true, configurable: true});
			}
			return o;
		}});
})();`

// stringifyFix wraps JSON.stringify with an indent (space) argument: goja
// keeps the deeper indentation after an empty array or object, and reads
// NaN, ±Infinity and boxed numbers as no indent. The wrapper computes the
// gap as the specification does, lets goja write compact text and indents
// that text the specification's way.
const stringifyFix = `(function () {
	var builtin = JSON.stringify;
	function gapOf(space) {
		if (space instanceof Number) space = Number(space);
		else if (space instanceof String) space = String(space);
		if (typeof space === "number") {
			var n = Math.min(10, Math.trunc(space));
			return n >= 1 ? "          ".slice(0, n) : "";
		}
		return typeof space === "string" ? space.slice(0, 10) : "";
	}
	function indent(s, gap) {
		var out = "", pad = "", inString = false;
		for (var i = 0; i < s.length; i++) {
			var c = s[i];
			if (inString) {
				out += c;
				if (c === "\\") out += s[++i];
				else if (c === '"') inString = false;
				continue;
			}
			switch (c) {
			case '"': inString = true; out += c; break;
			case "[": case "{":
				if (s[i + 1] === (c === "[" ? "]" : "}")) { out += c + s[++i]; break; }
				pad += gap; out += c + "\n" + pad; break;
			case "]": case "}":
				pad = pad.slice(0, pad.length - gap.length); out += "\n" + pad + c; break;
			case ",": out += ",\n" + pad; break;
			case ":": out += ": "; break;
			default: out += c;
			}
		}
		return out;
	}
	Object.defineProperty(JSON, "stringify", {writable: true, enumerable: false, configurable: true,
		value: function stringify(value, replacer, space) {
			var s = builtin(value, replacer);
			var gap = gapOf(space);
			return s === undefined || gap === "" ? s : indent(s, gap);
		}});
})();`

// isoStringFix corrects Date.prototype.toISOString for years before 0
// and after 9999, which the specification writes with a sign and six
// digits (goja writes "-0001" and "+10000").
const isoStringFix = `(function () {
	var builtin = Date.prototype.toISOString;
	Object.defineProperty(Date.prototype, "toISOString", {writable: true, enumerable: false, configurable: true,
		value: function toISOString() {
			var s = builtin.call(this), y = this.getUTCFullYear();
			if (y >= 0 && y <= 9999) return s;
			var digits = String(Math.abs(y));
			while (digits.length < 6) digits = "0" + digits;
			return (y < 0 ? "-" : "+") + digits + s.slice(s.indexOf("-", 1));
		}});
})();`

// sortFix makes a comparator's -0 mean "equal", as in V8: goja's
// Array.prototype.sort (and toSorted) read -0 as "less" and reorder.
const sortFix = `(function () {
	["sort", "toSorted"].forEach(function (name) {
		var builtin = Array.prototype[name];
		if (typeof builtin !== "function") return;
		Object.defineProperty(Array.prototype, name, {writable: true, enumerable: false, configurable: true,
			value: {[name]: function (compare) {
				if (typeof compare !== "function") return builtin.apply(this, arguments);
				return builtin.call(this, function (a, b) { var r = +compare(a, b); return r === 0 ? 0 : r; });
			}}[name]});
	});
})();`
