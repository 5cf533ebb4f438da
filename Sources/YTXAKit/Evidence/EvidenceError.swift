import Foundation
import YTXAFormats

/// Why an evidence file was rejected. A rejected file is rejected whole: nothing is guessed.
public enum EvidenceError: Error, Equatable, LocalizedError {
  /// The file could not be read.
  case unreadable(file: String, reason: Message)
  /// The file is not valid JSON (empty, truncated, …).
  case syntax(file: String, JSONSyntaxError)
  /// The file is JSON but breaks the evidence contract; every problem is listed.
  case invalid(file: String, commune: String?, problems: [Problem])

  /// One problem, located by indicator (when it concerns one) and field path.
  public struct Problem: Sendable, Hashable {
    /// The indicator number, when the problem concerns one.
    public var indicator: String?
    /// The field, e.g. `evidence.3.numerator`.
    public var field: String
    /// What is wrong and what would be valid.
    public var message: Message
    /// Where a person finds it, when the input is a table (`ô V3 (5. Trạm Y tế …)`): said
    /// instead of the indicator and field (empty: a problem of the whole row).
    public var place: Message?
    /// The field is missing (a key absent, a cell empty) rather than wrong.
    public var isMissing = false

    /// Creates a problem.
    public init(indicator: String?, field: String, message: Message) {
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
      isMissing = problem.isMissing
    }
  }

  /// The file concerned.
  public var file: String {
    switch self {
    case .unreadable(let file, _), .syntax(let file, _), .invalid(let file, _, _): file
    }
  }

  /// The problems, one line each, as `file: commune …: indicator N, field …: message`
  /// (`tệp: xã …: chỉ tiêu N, trường …: …` in Vietnamese).
  public var messages: [Message] {
    switch self {
    case .unreadable(let file, let reason):
      return [
        file + Message(": không đọc được tệp số liệu: ", ": cannot read the evidence file: ")
          + reason
      ]
    case .syntax(let file, let error):
      return [
        "\(file):\(error.line):\(error.column): "
          + Message("không phải JSON hợp lệ: ", "not valid JSON: ") + error.message
      ]
    case .invalid(let file, let commune, let problems):
      return problems.map { problem in
        var line = Message(verbatim: file + ":")
        if let commune {
          // A code alone (the name could not be read) is said to be a unit's; a name carries
          // its type word (`Phường Đa Mai (07228)`), never "xã" for a phường.
          line +=
            commune.first?.isNumber == true
            ? Message(" đơn vị \(commune):", " unit \(commune):")
            : Message(verbatim: " \(commune):")
        }
        if let place = problem.place {
          return place.vietnamese.isEmpty
            ? line + " " + problem.message : line + " " + place + ": " + problem.message
        }
        if let indicator = problem.indicator {
          line += Message(" chỉ tiêu \(indicator),", " indicator \(indicator),")
        }
        return line + Message(" trường ", " field ") + "\(problem.field): " + problem.message
      }
    }
  }

  /// The problems in `language`, one line each.
  public func lines(_ language: Language) -> [String] { messages.map(language.callAsFunction) }

  /// The problems in Vietnamese, one per line.
  public var errorDescription: String? { lines(.vi).joined(separator: "\n") }
}
