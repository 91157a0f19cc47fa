import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";

/** An RFC 3339 UTC time to the second, or "-" when absent. */
export function when(ts: Timestamp | undefined): string {
  return ts ? timestampDate(ts).toISOString().replace(/\.\d{3}Z$/, "Z") : "-";
}

/** The name of a generated enum value (`ClientStatus.ACTIVE` → `ACTIVE`). */
export function enumName(names: Record<number, string>, value: number): string {
  return names[value] ?? String(value);
}

/** Comma-separated values of a repeatable option (`--claims a,b --claims c`). */
export function listOption(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}
