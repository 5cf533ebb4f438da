// The batch benchmark: generates N synthetic communes (deterministic for a --seed), runs the
// release `ytxa batch` on them, and compares with Python's C json module parsing the same files.
//
//   swift build -c release && swift run -c release ytxa-bench --count 10000 --seed 1
//
// Reports communes per second, wall time and peak memory (maximum resident set size). The
// synthetic communes are the bundled 07336 sample (Xã Cao Xá) moved onto the registry's real
// units in force on 31 December 2024 (code, name, type, district and province, so that every
// file is resolved against the registry, not skipped), with the vùng and several ratios, counts
// and choices varied at random, so that some pass and some fail. The files are for 2024 and give
// no assessedOn, so that a build from before the registry reads them too (side-by-side runs).
import Foundation

struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

func argument(_ name: String, default value: String) -> String {
  let arguments = CommandLine.arguments
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else {
    return value
  }
  return arguments[index + 1]
}

let count = Int(argument("--count", default: "10000")) ?? 10000
let seed = UInt64(argument("--seed", default: "1")) ?? 1
let jobs = argument("--jobs", default: String(ProcessInfo.processInfo.activeProcessorCount))
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()
let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  .appendingPathComponent("ytxa").path
let work = argument(
  "--dir",
  default: FileManager.default.temporaryDirectory.appendingPathComponent(
    "ytxa-bench-\(count)-\(seed)"
  ).path)

guard FileManager.default.isExecutableFile(atPath: binary) else {
  FileHandle.standardError.write(
    Data("ytxa-bench: \(binary) not found; run 'swift build -c release' first\n".utf8))
  exit(2)
}
let template = try String(
  contentsOf: root.appendingPathComponent("Samples/bac-giang/2025/07336.json"), encoding: .utf8
)
.replacingOccurrences(of: "\"year\": 2025", with: "\"year\": 2024")
.replacingOccurrences(of: "  \"assessedOn\": \"2025-06-12\",\n", with: "")

/// The commune blocks of the registry's units certainly in force on 2024-12-31, by code.
func registryCommunes() throws -> [String] {
  let text = try String(
    contentsOf: root.appendingPathComponent("Criteria/units/registry.tsv"), encoding: .utf8)
  var provinces: [(String, String)] = []
  var districts: [(String, String)] = []
  var blocks: [String] = []
  let types = ["x": "xa", "p": "phuong", "t": "thi_tran", "d": "dac_khu"]
  for line in text.split(separator: "\n") {
    let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    switch fields[0] {
    case "P": provinces.append((fields[1], fields[2]))
    case "D": districts.append((fields[1], fields[2]))
    case "U":
      // In force on 2024-12-31 for certain: begins before it, ends after it (dates compare as
      // text); a window's unknown day is neither.
      let (from, to) = (fields[2], fields[3])
      guard !from.hasPrefix("~"), !to.hasPrefix("~"), from <= "2024-12-31",
        to.isEmpty || to >= "2024-12-31", let district = Int(fields[6]).map({ districts[$0] }),
        let province = Int(fields[7]).map({ provinces[$0] })
      else { continue }
      blocks.append(
        """
        "commune": {
            "code": "\(fields[1])",
            "name": "\(fields[5])",
            "type": "\(types[fields[4]] ?? "xa")",
            "zone": 2,
            "region": "TDMNPB",
            "district": {
              "code": "\(district.0)",
              "name": "\(district.1)"
            },
            "province": {
              "code": "\(province.0)",
              "name": "\(province.1)"
            }
          },
        """)
    default: continue
    }
  }
  return blocks
}

// 1. Generate (skipped when the folder already holds the same set).
let evidence = work + "/evidence"
let marker = work + "/.complete-registry-units-3"
if !FileManager.default.fileExists(atPath: marker) {
  try? FileManager.default.removeItem(atPath: work)
  let communes = try registryCommunes()
  let start = Date()
  // Each file's random values come from its own generator (seed and index), so that the set
  // is the same whatever the number of threads.
  let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
  DispatchQueue.concurrentPerform(iterations: threads) { thread in
    for index in stride(from: thread, to: count, by: threads) {
      var random = SeededGenerator(state: seed &* 0x1_0000_0001 &+ UInt64(index))
      var text = template
      func replace(_ old: String, _ new: String) {
        text = text.replacingOccurrences(of: old, with: new)
      }
      // Past the registry's units in force (about 10,600), the same communes in earlier years
      // (2023, 2022, …): a national run of several years, not one of duplicates.
      let year = 2024 - index / communes.count
      if year != 2024 { replace("\"year\": 2024", "\"year\": \(year)") }
      // A real unit: the registry check is measured, not skipped.
      text.replaceSubrange(
        text.range(of: "\"commune\": {")!
          .lowerBound..<text.range(of: "\"evidence\": {")!
          .lowerBound, with: communes[index % communes.count] + "\n  ")
      replace("\"zone\": 2", "\"zone\": \(Int.random(in: 1...3, using: &random))")
      replace(
        "\"numerator\": 9650", "\"numerator\": \(Int.random(in: 7000...10000, using: &random))")
      replace("\"numerator\": 146", "\"numerator\": \(Int.random(in: 100...150, using: &random))")
      replace(
        "\"numerator\": 2250", "\"numerator\": \(Int.random(in: 1500...2600, using: &random))")
      replace("\"numerator\": 310", "\"numerator\": \(Int.random(in: 100...480, using: &random))")
      replace("\"12\": 10", "\"12\": \(Int.random(in: 4...12, using: &random))")
      if Int.random(in: 0..<10, using: &random) == 0 { replace("\"co_huu\"", "\"khong\"") }
      let folder = "\(evidence)/\(index % 10)"
      try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try? text.write(toFile: "\(folder)/\(index).json", atomically: false, encoding: .utf8)
    }
  }
  _ = FileManager.default.createFile(atPath: marker, contents: Data())
  print("generated \(count) files in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
}

/// Runs a command; returns wall seconds, the peak RSS (KiB) of that child, its exit code and
/// what it printed on stdout.
func measure(
  _ executable: String, _ arguments: [String], discardOutput: Bool = false,
  environment extra: [String: String] = [:]
) -> (
  seconds: Double, peakKiB: Int, code: Int32, output: String
) {
  var pid: pid_t = 0
  var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
  defer { for pointer in argv { free(pointer) } }
  var pipeEnds: [Int32] = [0, 0]
  guard pipe(&pipeEnds) == 0 else { return (0, 0, -1, "") }
  var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  if discardOutput {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  } else {
    posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
  }
  posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  let start = Date()
  var variables = ProcessInfo.processInfo.environment
  for (key, value) in extra { variables[key] = value }
  var envp: [UnsafeMutablePointer<CChar>?] =
    variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer { for pointer in envp { free(pointer) } }
  guard posix_spawnp(&pid, executable, &actions, nil, &argv, &envp) == 0 else {
    return (0, 0, -1, "")
  }
  close(pipeEnds[1])
  var output: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = read(pipeEnds[0], &chunk, chunk.count)
    if count <= 0 { break }
    output += chunk[0..<count]
  }
  close(pipeEnds[0])
  var status: Int32 = 0
  var usage = rusage()
  wait4(pid, &status, 0, &usage)
  let seconds = Date().timeIntervalSince(start)
  posix_spawn_file_actions_destroy(&actions)
  return (seconds, usage.ru_maxrss, (status >> 8) & 0xFF, String(decoding: output, as: UTF8.self))
}

let out = work + "/out"
// The files are listed first; only the json.load loop is timed (by Python itself), so Python's
// start-up and the directory walk count for neither side's disadvantage.
let python = """
  import json, os, time
  paths = []
  for folder, _, names in os.walk('\(evidence)'):
      for name in names:
          if name.endswith('.json'):
              paths.append(os.path.join(folder, name))
  start = time.perf_counter()
  for path in paths:
      with open(path, 'rb') as f:
          json.load(f)
  print(time.perf_counter() - start)
  """
let rounds = Int(argument("--rounds", default: "5")) ?? 5
/// Another build to run side by side (`--baseline PATH-TO-ytxa`, e.g. the commit a change
/// started from): every measurement alternates the two, and the ratios are printed.
let baseline: String? = {
  let path = argument("--baseline", default: "")
  return path.isEmpty ? nil : path
}()
typealias Run = (seconds: Double, peakKiB: Int, code: Int32, output: String)

/// The best (lowest) time of `rounds` runs of each command, alternating them so that a slow
/// spell of the machine falls on all; the peak is the lowest of the runs' peaks.
func fastest(_ commands: [(binary: String, arguments: [String], environment: [String: String])])
  -> [Run]
{
  var best: [Run?] = Array(repeating: nil, count: commands.count)
  var peaks: [Int] = Array(repeating: Int.max, count: commands.count)
  for _ in 0..<rounds {
    for (index, command) in commands.enumerated() {
      let run = measure(
        command.binary, command.arguments, discardOutput: true, environment: command.environment)
      peaks[index] = min(peaks[index], run.peakKiB)
      if best[index] == nil || run.seconds < best[index]!.seconds { best[index] = run }
    }
  }
  return best.enumerated().map { index, run in
    (run!.seconds, peaks[index], run!.code, run!.output)
  }
}

func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
func ratio(_ value: Double) -> String { String(format: "%.2f×", value) }
func megabytes(_ kib: Int) -> String { String(format: "%.1f MB", Double(kib) / 1024) }
func verdict(_ ok: Bool) -> String { ok ? "met" : "NOT MET" }

var pythonLoop = Double.infinity
for _ in 0..<rounds {
  let parse = measure("python3", ["-c", python])
  if parse.code == 0,
    let loop = Double(parse.output.trimmingCharacters(in: .whitespacesAndNewlines))
  {
    pythonLoop = min(pythonLoop, loop)
  }
}
// Each variant writes to its own folder: `out` stays the digested run that `verify` checks.
func batchArguments(_ folder: String) -> [String] {
  ["batch", evidence, "--out", folder, "--jobs", jobs]
}
var commands: [(binary: String, arguments: [String], environment: [String: String])] = [
  (binary, batchArguments(out), [:]),
  (binary, batchArguments(out + "-no-digests"), ["YTXA_BENCHMARK_NO_DIGESTS": "1"]),
]
if let baseline { commands.append((baseline, batchArguments(out + "-baseline"), [:])) }
let batchRuns = fastest(commands)
let ytxa = batchRuns[0]
print(
  "communes:            \(count) (seed \(seed), \(jobs) jobs, best of \(rounds) alternating runs)")
print(
  "ytxa batch:          \(seconds(ytxa.seconds)) wall, \(Int(Double(count) / ytxa.seconds)) "
    + "communes/s, peak \(megabytes(ytxa.peakKiB)), exit \(ytxa.code) (with manifest.json)")
if pythonLoop.isFinite {
  let value = ytxa.seconds / pythonLoop
  print(
    "python3 json.load:   \(seconds(pythonLoop)) for the json.load loop alone; ytxa batch / it = "
      + "\(ratio(value)) (target ≤ 0.80×: \(verdict(value <= 0.8)))")
} else {
  print("python3 json.load:   not available")
}
let digestCost = ytxa.seconds / batchRuns[1].seconds
print(
  "hashing skipped:     \(seconds(batchRuns[1].seconds)) (YTXA_BENCHMARK_NO_DIGESTS=1); with / "
    + "without = \(ratio(digestCost)) (target ≤ 1.10×: \(verdict(digestCost <= 1.1)))")
if baseline != nil {
  let base = batchRuns[2]
  print(
    "baseline batch:      \(seconds(base.seconds)), peak \(megabytes(base.peakKiB)); this build / "
      + "baseline = \(ratio(ytxa.seconds / base.seconds)) (time), "
      + "\(ratio(Double(ytxa.peakKiB) / Double(base.peakKiB))) (peak)")
}

// The same communes as one table, .csv and .xlsx (made once from the files by Python, the
// workbook by openpyxl as a department's would be): scored as they are read, memory flat.
let tables = work + "/tables"
let tableScript = """
  import csv, json, os, sys
  folder, out = sys.argv[1], sys.argv[2]
  paths = sorted(os.path.join(d, n) for d, _, ns in os.walk(folder) for n in ns if n.endswith('.json'))
  rows, keys = [], {}
  for path in paths:
      d = json.load(open(path, encoding='utf-8'))
      c = d['commune']
      row = {'year': d['year'], 'commune_code': c['code'], 'commune_name': c['name'],
             'commune_type': c['type'], 'zone': c['zone'], 'region': c['region'],
             'district_code': c.get('district', {}).get('code', ''),
             'district_name': c.get('district', {}).get('name', ''),
             'province_code': c['province']['code'], 'province_name': c['province']['name']}
      for key, value in d['evidence'].items():
          if isinstance(value, dict) and 'numerator' in value:
              row[key + '_num'], row[key + '_den'] = value['numerator'], value['denominator']
          elif isinstance(value, dict):
              row[key + '_num'] = 'KAD: ' + value.get('notApplicable', '')
          elif isinstance(value, bool):
              row[key] = 1 if value else 0
          elif isinstance(value, list):
              row[key] = ';'.join(value) if value else '-'
          else:
              row[key] = value
      for key, value in d.get('documents', {}).items():
          row[key + '_docs'] = '|'.join(value)
      for key in row:
          keys[key] = True
      rows.append(row)
  head = ['year', 'commune_code', 'commune_name', 'commune_type', 'zone', 'region', 'district_code',
          'district_name', 'province_code', 'province_name']
  rest = sorted((k for k in keys if k not in head), key=lambda k: (int(k.split('_')[0]), k))
  columns = head + rest
  with open(out + '/table.csv', 'w', encoding='utf-8', newline='') as f:
      w = csv.writer(f)
      w.writerow(columns)
      for row in rows:
          w.writerow([row.get(k, '') for k in columns])
  try:
      import openpyxl
  except ImportError:
      sys.exit(0)
  book = openpyxl.Workbook(write_only=True)
  sheet = book.create_sheet('Số liệu')
  sheet.append(columns)
  text = {'commune_code', 'district_code', 'province_code'}
  for row in rows:
      sheet.append([str(row[k]) if k in text and k in row else row.get(k) for k in columns])
  book.save(out + '/table.xlsx')
  """
if !FileManager.default.fileExists(atPath: tables + "/table.csv") {
  try? FileManager.default.createDirectory(atPath: tables, withIntermediateDirectories: true)
  let made = measure("python3", ["-c", tableScript, evidence, tables])
  if made.code != 0 { print("tables:              could not be made (python3 failed)") }
}
for kind in ["csv", "xlsx"] {
  let table = tables + "/table." + kind
  guard FileManager.default.fileExists(atPath: table) else {
    print("table .\(kind):         not made (openpyxl missing?)")
    continue
  }
  func arguments(_ out: String) -> [String] { ["batch", table, "--out", out, "--jobs", jobs] }
  var runs: [(binary: String, arguments: [String], environment: [String: String])] = [
    (binary, arguments(work + "/out-" + kind), [:])
  ]
  // The baseline writes to a folder of its own (one --out: a second is a usage error).
  if let baseline { runs.append((baseline, arguments(work + "/out-base-" + kind), [:])) }
  let measured = fastest(runs)
  let time = measured[0].seconds / ytxa.seconds
  var line =
    "table .\(kind) (\(count) rows): \(seconds(measured[0].seconds)), peak "
    + "\(megabytes(measured[0].peakKiB)) (target < 60 MB: \(verdict(measured[0].peakKiB < 60 * 1024))), "
    + "\(ratio(time)) the JSON files' batch (target ≤ 1.50×: \(verdict(time <= 1.5))), exit "
    + "\(measured[0].code)"
  if baseline != nil {
    line +=
      "; baseline \(seconds(measured[1].seconds)), peak \(megabytes(measured[1].peakKiB)), exit "
      + "\(measured[1].code)"
  }
  print(line)
}

// score and check over the same files, JSON to /dev/null (their output is 4-6 times the batch's,
// so writing it to a disk would be a floor of its own), best of the same number of rounds.
for command in ["score", "check"] {
  let run = fastest([(binary, [command, evidence, "--format", "json"], [:])])[0]
  print(
    "ytxa \(command) json:      \(seconds(run.seconds)), peak \(megabytes(run.peakKiB)), "
      + "\(String(format: "%.1f", run.seconds / ytxa.seconds))× the batch "
      + "(stdout to /dev/null; target ≤ 4×, under 150 MB)")
}

// The audit trail: `verify` of the batch's output folder (it re-runs the batch; target: within
// 2× the batch), and the batch with `--compare-criteria` against a copy of the bundled set with
// its first threshold lowered by 3 points.
var audit: [(label: String, arguments: [String])] = [("ytxa verify:         ", ["verify", out])]
if let bundled = try? String(
  contentsOf: root.appendingPathComponent("Criteria/qd-1300-2023.json"), encoding: .utf8),
  let first = bundled.range(of: "\"threshold\": 95")
{
  let corrected = work + "/corrected-criteria.json"
  try? bundled.replacingCharacters(in: first, with: "\"threshold\": 92").write(
    toFile: corrected, atomically: true, encoding: .utf8)
  audit.append(
    (
      "ytxa batch compare:  ",
      [
        "batch", evidence, "--out", work + "/compare-out", "--jobs", jobs, "--compare-criteria",
        corrected,
      ]
    ))
}
for (label, arguments) in audit {
  let run = fastest([(binary, arguments, [:])])[0]
  guard run.code <= 1 else {
    print(label + "not available in this build (exit \(run.code))")
    continue
  }
  print(
    label + "\(seconds(run.seconds)), peak \(megabytes(run.peakKiB)), "
      + "\(ratio(run.seconds / ytxa.seconds)) the batch, exit \(run.code)")
}

// verify at national scale: a run of `--verify-count` inputs (100,000 by default; a set of its
// own, generated once by running this benchmark with `--count` of that size), its peak memory.
let verifyCount = Int(argument("--verify-count", default: "0")) ?? 0
if verifyCount > 0 {
  let large = FileManager.default.temporaryDirectory.appendingPathComponent(
    "ytxa-bench-\(verifyCount)-\(seed)"
  ).path
  if FileManager.default.fileExists(atPath: large + "/.complete-registry-units-3") {
    let largeOut = large + "/out"
    // A fresh run by this build, so that verify has a run to match (and the batch's own peak
    // at this scale is seen beside verify's).
    let batchRun = measure(
      binary, ["batch", large + "/evidence", "--out", largeOut, "--jobs", jobs],
      discardOutput: true)
    print(
      "batch at \(verifyCount):    \(seconds(batchRun.seconds)), peak "
        + "\(megabytes(batchRun.peakKiB)), exit \(batchRun.code)")
    var runs: [(binary: String, arguments: [String], environment: [String: String])] = [
      (binary, ["verify", largeOut], [:])
    ]
    if let baseline { runs.append((baseline, ["verify", largeOut], [:])) }
    let measured = fastest(runs)
    var line =
      "verify at \(verifyCount):   \(seconds(measured[0].seconds)), peak "
      + "\(megabytes(measured[0].peakKiB)) (target < 80 MB: "
      + "\(verdict(measured[0].peakKiB < 80 * 1024))), exit \(measured[0].code)"
    if baseline != nil {
      line += "; baseline \(seconds(measured[1].seconds)), peak \(megabytes(measured[1].peakKiB))"
    }
    print(line)
  } else {
    print(
      "verify at \(verifyCount):   no set; make it once with: swift run -c release ytxa-bench "
        + "--count \(verifyCount) --rounds 1")
  }
}

// The register (interfaces §9): `--register-count` decisions (10,000 by default) on the
// registry's units: a recognition signed on 31/12/2024 for every unit in force that day, a
// withdrawal on 15/03/2025 for every 20th still in force then, a re-recognition on 02/06/2025
// for every 40th of those. Synthetic, for timing only.
let registerCount = Int(argument("--register-count", default: "10000")) ?? 10000
if registerCount > 0 {
  let registerFile = work + "/register-\(registerCount)-2.csv"
  if !FileManager.default.fileExists(atPath: registerFile) {
    let text = try String(
      contentsOf: root.appendingPathComponent("Criteria/units/registry.tsv"), encoding: .utf8)
    var recognitions: [String] = []
    var later: [String] = []
    var index = 0
    for line in text.split(separator: "\n") where line.hasPrefix("U\t") {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      let (from, to) = (fields[2], fields[3])
      guard !from.hasPrefix("~"), !to.hasPrefix("~"), from <= "2024-12-31",
        to.isEmpty || to >= "2024-12-31"
      else { continue }
      index += 1
      let row = "\(fields[1]),\"\(fields[5])\""
      recognitions.append("\(index % 997 + 1)/QĐ-UBND,2024-12-31,recognition,\(row),,synthetic")
      if index % 20 == 0, to.isEmpty || to >= "2025-06-02" {
        later.append("\(index % 997 + 1001)/QĐ-UBND,2025-03-15,withdrawal,\(row),,synthetic")
        if index % 40 == 0 {
          later.append("\(index % 997 + 2001)/QĐ-UBND,2025-06-02,re-recognition,\(row),,synthetic")
        }
      }
    }
    let rows = Array((recognitions + later).prefix(registerCount))
    try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    try
      ("decision,signedOn,kind,commune_code,commune_name,validTo,note\n"
      + rows.joined(separator: "\n") + "\n").write(
        toFile: registerFile, atomically: true, encoding: .utf8)
  }
  let registerRuns: [(label: String, arguments: [String])] = [
    ("register check:      ", ["register", "check", registerFile]),
    ("register show:       ", ["register", "show", registerFile, "--on", "2025-12-31"]),
    ("roadmap --register:  ", ["roadmap", "--register", registerFile]),
    (
      "roadmap --register --evidence:",
      ["roadmap", "--register", registerFile, "--evidence", evidence, "--jobs", jobs]
    ),
  ]
  for (label, arguments) in registerRuns {
    var runs: [(binary: String, arguments: [String], environment: [String: String])] = [
      (binary, arguments, [:])
    ]
    if let baseline { runs.append((baseline, arguments, [:])) }
    let measured = fastest(runs)
    var line =
      label + " \(seconds(measured[0].seconds)), peak \(megabytes(measured[0].peakKiB)), "
      + "exit \(measured[0].code) (\(registerCount) decisions)"
    if baseline != nil {
      line +=
        measured[1].code == 2
        ? "; baseline: not in that build"
        : "; baseline \(seconds(measured[1].seconds)), peak \(megabytes(measured[1].peakKiB))"
    }
    print(line)
  }
}
