import Foundation
import YTXAKit

/// `ytxa check FILE... [--criteria PATH] [--format text|json|html] [--lang vi|en]`
enum CheckCommand {
  static let spec = CommandSpec(
    name: "check",
    summary:
      "Pre-check communes before registration: verdict, shortfalls and the smallest repair plan.",
    positionals: "FILE...", minimumPositionals: 1, maximumPositionals: .max,
    options: [
      .init(
        "--criteria", value: "PATH",
        help: "Criteria file to use instead of the bundled set the evidence names."),
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json", "html"],
        help: "Output format (default text)."),
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"],
        help: "Language of text and HTML output (default vi)."),
    ],
    discussion: """
      One file gives the pre-check sheet of that commune. Several files, or a folder (its *.json
      files, recursively), give the district view: one line per commune, closest to passing
      first (passing, then by plan size, then by points to gain). JSON is one object per
      commune (an array, in the same order, when several are checked); HTML is one
      self-contained page.
      Exit codes: 0 every commune passes; 1 a commune does not pass or a file was rejected;
      2 bad usage or an unreadable criteria file.
      """)

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(spec, arguments, console: console)
    guard let parsed else { return code }
    let language = Language(rawValue: parsed["--lang"] ?? "vi") ?? .vi
    let inputs: ScoreCommand.Inputs
    switch ScoreCommand.inputs(parsed, console: console) {
    case .success(let read): inputs = read
    case .failure(let exit): return exit.code
    }
    let (resolver, files) = (inputs.resolver, inputs.files)
    var checks: [(check: CheckResult, criteria: CriteriaSet)] = []
    var rejected = inputs.unlisted
    for file in files {
      switch ScoreCommand.load(file: file, resolver: resolver) {
      case .success(let (evidence, criteria)):
        checks.append((CheckResult(evidence: evidence, criteria: criteria), criteria))
      case .failure(let error):
        rejected += 1
        console.err(error.message + "\n")
      }
    }
    let single = files.count == 1
    if !single {
      checks.sort { CheckResult.closestFirst($0.check, $1.check) }
    }
    switch parsed["--format"] ?? "text" {
    case "json":
      let objects = checks.map {
        $0.check.jsonOutput().adding("criteriaFile", $0.criteria.source?.jsonOutput)
      }
      console.out(
        (single && objects.count == 1 ? objects[0] : .array(objects)).pretty() + "\n")
    case "html":
      for group in grouped(checks) {
        console.out(
          CheckHTMLReport(criteria: group.criteria, language: language).render(group.checks))
      }
    default:
      if single {
        for item in checks {
          console.text(
            CheckTextReport(criteria: item.criteria, language: language).render(item.check))
        }
      } else {
        for group in grouped(checks) {
          console.text(
            CheckTextReport(criteria: group.criteria, language: language).renderDistrict(
              group.checks))
        }
        if rejected > 0 {
          console.out(
            language.pick(
              "\(rejected) tệp bị từ chối (xem thông báo lỗi).\n",
              "\(rejected) files rejected (see the error messages).\n"))
        }
      }
    }
    let allPass = rejected == 0 && checks.allSatisfy(\.check.result.hasPassed)
    return allPass ? ExitCode.success : ExitCode.failure
  }

  /// Checks grouped by criteria set, in order of first appearance.
  static func grouped(_ checks: [(check: CheckResult, criteria: CriteriaSet)]) -> [(
    criteria: CriteriaSet, checks: [CheckResult]
  )] {
    var groups: [(criteria: CriteriaSet, checks: [CheckResult])] = []
    for item in checks {
      if let index = groups.firstIndex(where: { $0.criteria.id == item.criteria.id }) {
        groups[index].checks.append(item.check)
      } else {
        groups.append((item.criteria, [item.check]))
      }
    }
    return groups
  }
}
