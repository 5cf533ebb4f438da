import Foundation
import YTXAKit

/// `ytxa score FILE... [--criteria PATH] [--format text|json|csv] [--lang vi|en]`
enum ScoreCommand {
  static let spec = CommandSpec(
    name: "score",
    summary: "Score commune evidence files against the national commune health criteria.",
    positionals: "FILE...", minimumPositionals: 1, maximumPositionals: .max,
    options: [
      .init(
        "--criteria", value: "PATH",
        help: "Criteria file to use instead of the bundled set the evidence names."),
      .init(
        "--format", value: "FORMAT", allowed: ["text", "json", "csv", "html"],
        help: "Output format (default text)."),
      .init(
        "--lang", value: "LANG", allowed: ["vi", "en"],
        help: "Language of text output (default vi)."),
    ],
    discussion: """
      FILE may be a folder: its *.json files are scored, recursively, in name order.
      Exit codes: 0 every commune passes; 1 a commune does not pass or a file was rejected
      (its problems go to stderr and the other files are still scored); 2 bad usage or an
      unreadable criteria file.
      """)

  /// A scored file, with the criteria set that scored it.
  struct Scored {
    var result: CommuneResult
    var criteria: CriteriaSet
    var evidence: Evidence
  }

  static func run(_ arguments: [String], console: Console) -> Int32 {
    let (parsed, code) = YTXACommand.parse(spec, arguments, console: console)
    guard let parsed else { return code }
    let language = Language(rawValue: parsed["--lang"] ?? "vi") ?? .vi
    let inputs: Inputs
    switch ScoreCommand.inputs(parsed, console: console) {
    case .success(let read): inputs = read
    case .failure(let exit): return exit.code
    }
    let (resolver, files) = (inputs.resolver, inputs.files)
    var scored: [Scored] = []
    var rejected = inputs.unlisted
    for file in files {
      switch score(file: file, resolver: resolver) {
      case .success(let item): scored.append(item)
      case .failure(let error):
        rejected += 1
        console.err(error.message + "\n")
      }
    }
    switch parsed["--format"] ?? "text" {
    case "json":
      let objects = scored.map {
        $0.result.jsonOutput().adding("criteriaFile", $0.criteria.source?.jsonOutput)
      }
      let single = files.count == 1 && objects.count == 1
      console.out((single ? objects[0] : .array(objects)).pretty() + "\n")
    case "html":
      // One self-contained page per criteria set, a section per commune (no repair plan).
      let checks = scored.map { item in
        (
          check: CheckResult(evidence: item.evidence, criteria: item.criteria, result: item.result),
          criteria: item.criteria
        )
      }
      for group in CheckCommand.grouped(checks) {
        console.out(
          CheckHTMLReport(criteria: group.criteria, language: language, includesPlan: false)
            .render(group.checks))
      }
    case "csv":
      for group in groupedByCriteria(scored) {
        console.out(
          ScoreCSVReport(criteria: group.criteria, language: language).render(group.results))
      }
    default:
      for (index, item) in scored.enumerated() {
        if index > 0 { console.out("\n" + String(repeating: "═", count: 80) + "\n\n") }
        console.text(
          ScoreTextReport(criteria: item.criteria, language: language).render(item.result))
      }
      if files.count > 1 {
        let passed = scored.count { $0.result.hasPassed }
        console.out(
          "\n"
            + language.pick(
              "Tổng hợp: \(files.count) tệp · \(passed) đạt · \(scored.count - passed) chưa đạt · \(rejected) bị từ chối\n",
              "Summary: \(files.count) files · \(passed) pass · \(scored.count - passed) fail · \(rejected) rejected\n"
            ))
      }
    }
    let allPass = rejected == 0 && scored.allSatisfy(\.result.hasPassed)
    return allPass ? ExitCode.success : ExitCode.failure
  }

  /// Consecutive results scored with the same set (one CSV header per set).
  static func groupedByCriteria(_ scored: [Scored]) -> [(
    criteria: CriteriaSet, results: [CommuneResult]
  )] {
    var groups: [(criteria: CriteriaSet, results: [CommuneResult])] = []
    for item in scored {
      if let last = groups.last, last.criteria.id == item.criteria.id {
        groups[groups.count - 1].results.append(item.result)
      } else {
        groups.append((item.criteria, [item.result]))
      }
    }
    return groups
  }

  /// What `score` and `check` read: the resolver, the files, and how many entries could not be
  /// listed (already reported, and counted as rejected files).
  struct Inputs {
    var resolver: CriteriaResolver
    var files: [String]
    var unlisted: Int
  }

  /// An exit code, as an error (for the shared input preparation).
  struct Exit: Error {
    var code: Int32
  }

  /// The criteria resolver (`--criteria`) and the evidence files (folders expanded) of `score`
  /// and `check`; reports problems on `console`.
  static func inputs(_ parsed: ParsedArguments, console: Console) -> Result<Inputs, Exit> {
    let resolver: CriteriaResolver
    do {
      resolver = try CriteriaResolver(path: parsed["--criteria"])
    } catch {
      console.err("Error: \(error.localizedDescription)\n")
      return .failure(Exit(code: ExitCode.usage))
    }
    let (files, problems) = expandEvidencePaths(parsed.positionals)
    for problem in problems {
      console.err("\(OSName.display(problem.path)): \(problem.reason)\n")
    }
    if files.isEmpty {
      console.err(
        "Error: no *.json evidence file under "
          + parsed.positionals.map(OSName.display).joined(separator: ", ") + ".\n")
      return .failure(Exit(code: ExitCode.usage))
    }
    return .success(Inputs(resolver: resolver, files: files, unlisted: problems.count))
  }

  struct FileError: Error {
    var message: String
  }

  /// Reads, validates and scores one file.
  static func score(file: String, resolver: CriteriaResolver) -> Result<Scored, FileError> {
    load(file: file, resolver: resolver).map { evidence, criteria in
      Scored(
        result: Scorer(criteria: criteria).score(evidence), criteria: criteria, evidence: evidence)
    }
  }

  /// Reads and validates one file against the set it names (or the one given).
  static func load(file: String, resolver: CriteriaResolver) -> Result<
    (Evidence, CriteriaSet), FileError
  > {
    do {
      let document = try EvidenceDocument(path: file, file: OSName.display(file))
      let criteria: CriteriaSet
      switch resolver.criteria(for: document) {
      case .success(let set): criteria = set
      case .failure(let error):
        return .failure(
          FileError(message: "\(OSName.display(file)): \(error.localizedDescription)"))
      }
      return .success((try Evidence(document: document, criteria: criteria), criteria))
    } catch {
      return .failure(FileError(message: error.lines.joined(separator: "\n")))
    }
  }
}
