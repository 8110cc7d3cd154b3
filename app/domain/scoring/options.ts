/**
 * Defensive reading of scoring.options. Every value a method reads goes through here:
 * a usable value is taken, a missing one gets the default, an unusable one gets the
 * default and a warning. `used` collects what the method actually ran with, defaults
 * filled in, for QuestionnaireResult.options.
 */
type Raw = Record<string, unknown>;

export type Level = string | number;

export function isObject(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A non-empty list of answer values, or undefined. */
export function levelsOf(v: unknown): Level[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  if (!v.every((x) => typeof x === "string" || typeof x === "number")) return undefined;
  return v as Level[];
}

/** A non-empty list of names, or undefined. */
export function namesOf(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  if (!v.every((x) => typeof x === "string" && x !== "")) return undefined;
  return v as string[];
}

export const asStrings = (levels: Level[]): string[] => levels.map(String);

export class OptionReader {
  readonly used: Raw = {};

  constructor(
    readonly raw: Raw,
    readonly warnings: string[] = [],
  ) {}

  warn(name: string, why: string): void {
    this.warnings.push(`${name}: ${why}`);
  }

  private has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  /** Record a value the method resolved itself (e.g. a fallback it had to take). */
  set<T>(name: string, value: T): T {
    this.used[name] = value;
    return value;
  }

  levels(name: string, fallback: Level[]): string[] {
    let value = fallback;
    if (this.has(name)) {
      const v = levelsOf(this.raw[name]);
      if (v) value = v;
      else this.warn(name, "expected a non-empty list of answer values; default used");
    }
    this.used[name] = value;
    return asStrings(value);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    let value = fallback;
    if (this.has(name)) {
      const v = this.raw[name];
      if (typeof v === "string" && (allowed as readonly string[]).includes(v)) value = v as T;
      else this.warn(name, `expected one of ${allowed.join(", ")}; default "${fallback}" used`);
    }
    this.used[name] = value;
    return value;
  }

  number(name: string, fallback: number, ok: (n: number) => boolean = () => true): number {
    let value = fallback;
    if (this.has(name)) {
      const v = this.raw[name];
      if (typeof v === "number" && Number.isFinite(v) && ok(v)) value = v;
      else this.warn(name, `unusable number; default ${fallback} used`);
    }
    this.used[name] = value;
    return value;
  }

  /** A number that may be absent (null = not set). */
  optionalNumber(name: string, ok: (n: number) => boolean = () => true): number | null {
    let value: number | null = null;
    if (this.has(name)) {
      const v = this.raw[name];
      if (typeof v === "number" && Number.isFinite(v) && ok(v)) value = v;
      else this.warn(name, "unusable number; ignored");
    }
    this.used[name] = value;
    return value;
  }

  name(name: string, fallback: string): string {
    let value = fallback;
    if (this.has(name)) {
      const v = this.raw[name];
      if (typeof v === "string" && v !== "") value = v;
      else this.warn(name, `expected a question name; default "${fallback}" used`);
    }
    this.used[name] = value;
    return value;
  }

  optionalName(name: string): string | null {
    let value: string | null = null;
    if (this.has(name)) {
      const v = this.raw[name];
      if (typeof v === "string" && v !== "") value = v;
      else this.warn(name, "expected a question name; ignored");
    }
    this.used[name] = value;
    return value;
  }

  /** A sub-object (not recorded: the caller records what it resolved from it). */
  object(name: string): Raw | undefined {
    if (!this.has(name)) return undefined;
    const v = this.raw[name];
    if (isObject(v)) return v;
    this.warn(name, "expected an object; ignored");
    return undefined;
  }
}
