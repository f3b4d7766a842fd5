import * as fs from "node:fs";
import { isDeepStrictEqual } from "node:util";
import Table from "cli-table3";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { pinRequests, pinZones, zoneCounts } from "../infra/model/zone-pins";
import { IssueCollector } from "../infra/settings/input-error";
import { rosterLocation } from "../infra/settings/load-course";
import { ROSTER_CSV_OPTIONS, parseRoster, rosterFieldOf } from "../infra/settings/roster";
import { loadStackInput, stackCommand } from "./stack-command";

/**
 * `npm run pin-zones [-- --stack course] [--roster file.csv] [--write]`: gives every student without a roster `zone`
 * a zone, so that each GPU type's VMs are spread over its zones within one of each other, and with `--write` records
 * them in the roster. Exit code 1 when the roster or config is invalid.
 */
function main(): number {
  const program = stackCommand(
    "pin-zones",
    "Pin every student without a zone to one, balancing each GPU type's VMs over its zones",
  )
    .option("-w, --write", "write the new pins into the roster's zone column (otherwise nothing is changed)")
    .parse();
  const options = program.opts<{ stack: string; roster?: string; write?: boolean }>();
  const input = loadStackInput(options);
  if (!input) return 1;
  const { projectRoot, config, plan } = input;
  // readStackConfig fills in Pulumi.yaml's defaults, so the roster setting is always there.
  const { path: rosterPath, file: rosterFile } = rosterLocation(projectRoot, config["course-cloud:roster"]!);
  const text = fs.readFileSync(rosterPath, "utf8");

  const requests = pinRequests(plan);
  const pins = pinZones(requests);
  const today = new Map(plan.students.map((s) => [s.key, s.vm.zone]));
  const added = pins.filter((p) => p.status === "new");

  const n = pins.length;
  const out = [
    `Zone pins for stack "${plan.stack}" (${rosterFile}): ${n} student${n === 1 ? "" : "s"}, ${added.length} to pin`,
    "",
  ];
  const students = table(["student", "GPU", "zone", "pin", "zone today"]);
  for (const pin of pins) students.push([pin.key, pin.group, pin.zone, pin.status, today.get(pin.key) ?? ""]);
  out.push(students.toString(), "");

  const before = zoneCounts(requests, today);
  const after = zoneCounts(requests, new Map(pins.map((p) => [p.key, p.zone])));
  const counts = table(["GPU", "zone", "today", "pinned"]);
  for (const [group, zones] of after) {
    for (const [zone, count] of zones) counts.push([group, zone, before.get(group)?.get(zone) ?? 0, count]);
  }
  out.push("VMs per zone", counts.toString(), "");

  const moved = added.filter((p) => p.zone !== today.get(p.key));
  if (moved.length > 0) {
    out.push(
      `${moved.length} new pin${moved.length === 1 ? " differs" : "s differ"} from the zone the plan gives today (${moved.map((p) => p.key).join(", ")}).`,
      "A VM that already exists would be replaced by `pulumi up`, losing its disk (protectStudentData makes it fail",
      "instead): pin zones before a student's first `pulumi up`, or pin a running student to their zone today by hand.",
      "",
    );
  }
  if (added.length === 0) {
    out.push(`Every student already has a zone in ${rosterFile}; nothing to pin.`);
  } else if (!options.write) {
    out.push(`Nothing written: run again with --write to add ${added.length} pins to ${rosterFile}.`);
  }
  console.log(out.join("\n"));
  if (added.length === 0 || !options.write) return 0;

  // The plan read this roster without problems; reading it again gives its rows in file order.
  const roster = parseRoster(text, rosterFile, new IssueCollector());
  const newZones = new Map(added.map((p) => [p.key, p.zone]));
  const rewritten = rosterWithZones(
    text,
    roster.map((s) => newZones.get(s.id)),
  );
  // The rewritten roster must say exactly what the old one did, plus the new zones.
  const check = new IssueCollector();
  const reread = parseRoster(rewritten, rosterFile, check);
  const expected = roster.map((s) => (newZones.has(s.id) ? { ...s, zone: newZones.get(s.id) } : s));
  if (check.hasIssues || !isDeepStrictEqual(reread, expected)) {
    throw new Error(`could not add the zones to ${rosterFile} without changing anything else; nothing was written`);
  }
  fs.writeFileSync(rosterPath, rewritten);
  console.log(`Wrote ${added.length} zone pins to ${rosterFile}.`);
  return 0;
}

/** Plain tables (no colours), as in the plan report. */
const table = (head: string[]) => new Table({ head, style: { head: [], border: [] } });

/**
 * One CSV row without its line end, quoted where needed: also around a lone carriage return, and around blanks at
 * either end, which the roster would trim otherwise.
 */
const csvRow = (cells: string[]) => stringify([cells], { eof: false, quoted_match: /[\r\n]|^\s|\s$/ });

/**
 * The roster text with `zones[i]` in the zone cell of data row `i` (file order; undefined leaves the row alone). A
 * missing zone column is added at the end. Every other byte stays as it was: BOM, line ends, blank lines, quoting
 * and the other columns; only a row whose existing, empty zone cell is filled is written anew, from its values.
 */
export function rosterWithZones(text: string, zones: readonly (string | undefined)[]): string {
  const records = parse(text, ROSTER_CSV_OPTIONS) as unknown as {
    record: string[];
    info: { bytes: number; empty_lines: number };
  }[];
  const [header, ...rows] = records;
  if (!header || rows.length !== zones.length) {
    throw new Error(`the roster has ${rows.length} rows, but ${zones.length} zones were given`);
  }
  const zoneColumn = header.record.findIndex((name) => rosterFieldOf(name) === "zone");
  // csv-parse counts bytes; each record's slice runs from the end of the previous one to the end of its line end.
  const bytes = Buffer.from(text, "utf8");
  const out: string[] = [];
  let offset = 0;
  let emptyLines = 0;
  records.forEach(({ record, info }, index) => {
    let rest = bytes.subarray(offset, info.bytes).toString("utf8");
    offset = info.bytes;
    let lead = "";
    if (rest.startsWith("\uFEFF")) {
      lead = "\uFEFF";
      rest = rest.slice(1);
    }
    // The blank lines csv-parse skipped before this record.
    for (; emptyLines < info.empty_lines; emptyLines++) {
      const blank = /^[^\S\r\n]*(?:\r\n|\n|\r)/.exec(rest)![0];
      lead += blank;
      rest = rest.slice(blank.length);
    }
    const end = /(?:\r\n|\n|\r)$/.exec(rest)?.[0] ?? "";
    let body = rest.slice(0, rest.length - end.length);
    const zone = index === 0 ? undefined : zones[index - 1];
    if (zoneColumn < 0) {
      body += `,${csvRow([index === 0 ? "zone" : (zone ?? "")])}`;
    } else if (zone !== undefined) {
      if (record[zoneColumn] !== "") throw new Error(`row ${index} already has a zone: ${record[zoneColumn]}`);
      body = csvRow(record.map((cell, column) => (column === zoneColumn ? zone : cell)));
    }
    out.push(lead, body, end);
  });
  out.push(bytes.subarray(offset).toString("utf8"));
  return out.join("");
}

if (require.main === module) {
  try {
    process.exitCode = main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
