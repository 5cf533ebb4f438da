import Foundation

/// Why an evidence file was rejected. A rejected file is rejected whole: nothing is guessed.
public enum EvidenceError: Error, Equatable, LocalizedError {
  /// The file could not be read.
  case unreadable(file: String, reason: String)
  /// The file is not valid JSON (empty, truncated, …).
  case syntax(file: String, JSONParser.SyntaxError)
  /// The file is JSON but breaks the evidence contract; every problem is listed.
  case invalid(file: String, commune: String?, problems: [Problem])

  /// One problem, located by indicator (when it concerns one) and field path.
  public struct Problem: Sendable, Hashable {
    /// The indicator number, when the problem concerns one.
    public var indicator: String?
    /// The field, e.g. `evidence.3.numerator`.
    public var field: String
    /// What is wrong and what would be valid.
    public var message: String

    /// Creates a problem.
    public init(indicator: String?, field: String, message: String) {
      self.indicator = indicator
      self.field = field
      self.message = message
    }

    init(_ problem: FieldProblem) {
      let parts = problem.path.split(separator: ".", maxSplits: 2)
      let indicator =
        parts.count >= 2 && (parts[0] == "evidence" || parts[0] == "documents")
        ? String(parts[1].prefix { $0 != "[" }) : nil
      self.init(indicator: indicator, field: problem.path, message: problem.message)
    }
  }

  /// The file concerned.
  public var file: String {
    switch self {
    case .unreadable(let file, _), .syntax(let file, _), .invalid(let file, _, _): file
    }
  }

  /// The problems, one line each, as `file: commune …: indicator N, field …: message`.
  public var lines: [String] {
    switch self {
    case .unreadable(let file, let reason): ["\(file): cannot read the evidence file: \(reason)"]
    case .syntax(let file, let error):
      ["\(file):\(error.line):\(error.column): not valid JSON: \(error.message)"]
    case .invalid(let file, let commune, let problems):
      problems.map { problem in
        var line = file + ":"
        if let commune { line += " commune \(commune):" }
        if let indicator = problem.indicator { line += " indicator \(indicator)," }
        return line + " field \(problem.field): \(problem.message)"
      }
    }
  }

  public var errorDescription: String? { lines.joined(separator: "\n") }
}
