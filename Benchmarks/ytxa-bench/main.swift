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
let marker = work + "/.complete-registry-units"
if !FileManager.default.fileExists(atPath: marker) {
  try? FileManager.default.removeItem(atPath: work)
  var random = SeededGenerator(state: seed)
  let communes = try registryCommunes()
  let block =
    template.range(of: "\"commune\": {")!
    .lowerBound..<template.range(
      of: "\"evidence\": {")!.lowerBound
  let start = Date()
  for index in 0..<count {
    var text = template
    func replace(_ old: String, _ new: String) {
      text = text.replacingOccurrences(of: old, with: new)
    }
    // A real unit: the registry check is measured, not skipped.
    text.replaceSubrange(block, with: communes[index % communes.count] + "\n  ")
    replace("\"zone\": 2", "\"zone\": \(Int.random(in: 1...3, using: &random))")
    replace("\"numerator\": 9650", "\"numerator\": \(Int.random(in: 7000...10000, using: &random))")
    replace("\"numerator\": 146", "\"numerator\": \(Int.random(in: 100...150, using: &random))")
    replace("\"numerator\": 2250", "\"numerator\": \(Int.random(in: 1500...2600, using: &random))")
    replace("\"numerator\": 310", "\"numerator\": \(Int.random(in: 100...480, using: &random))")
    replace("\"12\": 10", "\"12\": \(Int.random(in: 4...12, using: &random))")
    if Int.random(in: 0..<10, using: &random) == 0 { replace("\"co_huu\"", "\"khong\"") }
    let folder = "\(evidence)/\(index % 10)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try text.write(toFile: "\(folder)/\(index).json", atomically: false, encoding: .utf8)
  }
  _ = FileManager.default.createFile(atPath: marker, contents: Data())
  print("generated \(count) files in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
}

/// Runs a command; returns wall seconds, the peak RSS (KiB) of that child, its exit code and
/// what it printed on stdout.
func measure(_ executable: String, _ arguments: [String], discardOutput: Bool = false) -> (
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
  guard posix_spawnp(&pid, executable, &actions, nil, &argv, environ) == 0 else {
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
var best: (seconds: Double, peakKiB: Int, code: Int32, output: String)?
var peaks: [Int] = []
var pythonLoop: Double?
var pythonProcess: Double?
// Alternate the two, so that a slow spell of the machine falls on both.
for _ in 0..<rounds {
  let run = measure(binary, ["batch", evidence, "--out", out, "--jobs", jobs])
  peaks.append(run.peakKiB)
  if best == nil || run.seconds < best!.seconds { best = run }
  let parse = measure("python3", ["-c", python])
  if parse.code == 0,
    let loop = Double(parse.output.trimmingCharacters(in: .whitespacesAndNewlines))
  {
    pythonLoop = min(pythonLoop ?? .infinity, loop)
    pythonProcess = min(pythonProcess ?? .infinity, parse.seconds)
  }
}
let ytxa = best!
print(
  "communes:           \(count) (seed \(seed), \(jobs) jobs, best of \(rounds) alternating runs)")
print(
  "ytxa batch:         \(String(format: "%.3f", ytxa.seconds)) s wall for the whole run, "
    + "\(Int(Double(count) / ytxa.seconds)) communes/s, peak \(ytxa.peakKiB) KiB "
    + "(the lowest of the runs' peaks: \(peaks.min() ?? 0) KiB), exit \(ytxa.code)"
)
if let pythonLoop, let pythonProcess {
  print(
    "python3 json.load:  \(String(format: "%.3f", pythonLoop)) s for the json.load loop alone "
      + "(\(String(format: "%.3f", pythonProcess)) s for the whole python3 process)")
  print(
    "ratio ytxa/python:  \(String(format: "%.2f", ytxa.seconds / pythonLoop)) "
      + "(whole ytxa run / json.load loop; target ≤ 1)")
} else {
  print("python3 json.load:  not available")
}

// score and check over the same files, JSON to /dev/null (their output is 4-6 times the batch's,
// so writing it to a disk would be a floor of its own), best of the same number of rounds.
for command in ["score", "check"] {
  var fastest: (seconds: Double, peakKiB: Int, code: Int32, output: String)?
  for _ in 0..<rounds {
    let run = measure(binary, [command, evidence, "--format", "json"], discardOutput: true)
    if fastest == nil || run.seconds < fastest!.seconds { fastest = run }
  }
  if let fastest {
    print(
      "ytxa \(command) json:    \(String(format: "%.3f", fastest.seconds)) s, peak \(fastest.peakKiB) "
        + "KiB, \(String(format: "%.1f", fastest.seconds / ytxa.seconds))× the batch "
        + "(stdout to /dev/null; target ≤ 4×, under 150 MB)")
  }
}

// The audit trail: `verify` of the batch's output folder (it re-runs the batch; target: within
// 2× the batch), and the batch with `--compare-criteria` against a copy of the bundled set with
// its first threshold lowered by 3 points. A build without them says so.
var audit: [(label: String, arguments: [String])] = [("ytxa verify:        ", ["verify", out])]
if let bundled = try? String(
  contentsOf: root.appendingPathComponent("Criteria/qd-1300-2023.json"), encoding: .utf8),
  let first = bundled.range(of: "\"threshold\": 95")
{
  let corrected = work + "/corrected-criteria.json"
  try? bundled.replacingCharacters(in: first, with: "\"threshold\": 92").write(
    toFile: corrected, atomically: true, encoding: .utf8)
  audit.append(
    (
      "ytxa batch compare: ",
      [
        "batch", evidence, "--out", work + "/compare-out", "--jobs", jobs, "--compare-criteria",
        corrected,
      ]
    ))
}
for (label, arguments) in audit {
  var fastest: (seconds: Double, peakKiB: Int, code: Int32, output: String)?
  for _ in 0..<rounds {
    let run = measure(binary, arguments, discardOutput: true)
    if fastest == nil || run.seconds < fastest!.seconds { fastest = run }
  }
  guard let fastest, fastest.code <= 1 else {
    print(label + "not available in this build (exit \(fastest?.code ?? -1))")
    continue
  }
  print(
    label + "\(String(format: "%.3f", fastest.seconds)) s, peak \(fastest.peakKiB) KiB, "
      + "\(String(format: "%.2f", fastest.seconds / ytxa.seconds))× the batch, exit \(fastest.code)"
  )
}
