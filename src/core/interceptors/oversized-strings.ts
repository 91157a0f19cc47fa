import { getOption, hasOption, ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { field as fieldRules } from "../../gen/buf/validate/validate_pb.js";

/**
 * A fast path in front of protovalidate for the one rule an attacker can make expensive:
 * `string.max_len` counts Unicode code points, a pass over the whole string — 7 ms for each
 * megabyte. A string of L UTF-16 units holds between L/2 and L code points, so one longer
 * than twice its limit is refused without counting, and one no longer than its limit passes
 * without counting; only the band in between is left to protovalidate. The walk reads the
 * same rules from the descriptors and names the field with protovalidate's path syntax.
 */
interface StringLimit {
  readonly field: DescField;
  readonly maxLen: number;
}

const plans = new WeakMap<DescMessage, { strings: StringLimit[]; nested: DescField[] }>();

function maxLenOf(field: DescField): number | undefined {
  if (!hasOption(field, fieldRules)) return undefined;
  const rules = getOption(field, fieldRules).type;
  if (rules.case === "string" && rules.value.maxLen !== undefined) return Number(rules.value.maxLen);
  if (rules.case === "repeated" && rules.value.items?.type.case === "string" && rules.value.items.type.value.maxLen !== undefined) {
    return Number(rules.value.items.type.value.maxLen);
  }
  return undefined;
}

function planOf(schema: DescMessage) {
  let plan = plans.get(schema);
  if (!plan) {
    plan = { strings: [], nested: [] };
    for (const field of schema.fields) {
      const isString = (field.fieldKind === "scalar" || (field.fieldKind === "list" && field.listKind === "scalar")) && field.scalar === ScalarType.STRING;
      const maxLen = isString ? maxLenOf(field) : undefined;
      if (maxLen !== undefined) plan.strings.push({ field, maxLen });
      const message = field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message") ? field.message : undefined;
      // Well-known types (Struct, Timestamp, …) carry no rules and are JSON-shaped in memory.
      if (message && !message.typeName.startsWith("google.protobuf.")) plan.nested.push(field);
    }
    plans.set(schema, plan);
  }
  return plan;
}

function valueOf(message: Record<string, unknown>, field: DescField): unknown {
  if (!field.oneof) return message[field.localName];
  const oneof = message[field.oneof.localName] as { case?: string; value?: unknown } | undefined;
  return oneof?.case === field.localName ? oneof.value : undefined;
}

/** The first string certainly over its `max_len`, as protovalidate would report it; else undefined. */
export function certainlyOversized(schema: DescMessage, message: unknown, prefix = ""): { field: string; maxLen: number } | undefined {
  const plan = planOf(schema);
  const msg = message as Record<string, unknown>;
  const path = (field: DescField) => (prefix ? `${prefix}.${field.name}` : field.name);
  for (const { field, maxLen } of plan.strings) {
    const value = valueOf(msg, field);
    if (typeof value === "string" && value.length > 2 * maxLen) return { field: path(field), maxLen };
    if (Array.isArray(value)) {
      const i = value.findIndex((v) => typeof v === "string" && v.length > 2 * maxLen);
      if (i >= 0) return { field: `${path(field)}[${i}]`, maxLen };
    }
  }
  for (const field of plan.nested) {
    const value = valueOf(msg, field);
    const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
    for (const [i, item] of items.entries()) {
      const found = certainlyOversized(field.message!, item, Array.isArray(value) ? `${path(field)}[${i}]` : path(field));
      if (found) return found;
    }
  }
  return undefined;
}
