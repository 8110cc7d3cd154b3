/**
 * Objects keyed by data: question names, answer values, unit codes, anything stored or sent.
 * A plain `{}` inherits Object.prototype: `o["__proto__"]` is that prototype (writing into it
 * changes every object of the process) and `o["constructor"]` is a function. A dict has no
 * prototype, so every key is only a key; `own` reads a key of any object without what it
 * inherits. Prefer a Map where the object is not sent as JSON.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The object's own value at `key`; undefined when it has none (never an inherited one). */
export function own(obj: object, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}
