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
      self.init(
        indicator: Self.indicator(ofField: problem.path), field: problem.path,
        message: problem.message)
      isMissing = problem.isMissing
    }

    /// The indicator a field path concerns (`evidence.21.numerator`, `documents.3[0]` → 21, 3),
    /// if any.
    static func indicator(ofField field: String) -> String? {
      let parts = field.split(separator: ".", maxSplits: 2)
      guard parts.count >= 2, parts[0] == "evidence" || parts[0] == "documents" else { return nil }
      return String(parts[1].prefix { $0 != "[" })
    }

    /// The problem without its file and commune: where (a table's cell and column, or the
    /// indicator and field) and what. The line of ``EvidenceError/messages`` after the file and
    /// commune, and what a report lists under the input (``RejectedInput``).
    public var detail: Message {
      if let place {
        return place.vietnamese.isEmpty ? message : place + ": " + message
      }
      var line = Message(verbatim: "")
      if let indicator { line += Message("chỉ tiêu \(indicator), ", "indicator \(indicator), ") }
      return line + Message("trường ", "field ") + "\(field): " + message
    }
  }

  /// The file concerned.
  public var file: String {
    switch self {
    case .unreadable(let file, _), .syntax(let file, _), .invalid(let file, _, _): file
    }
  }

  /// Each problem without the file and the commune (``Problem/detail``; for an unreadable or
  /// malformed file, the reason, after the line and column).
  public var details: [Message] {
    switch self {
    case .unreadable(_, let reason):
      return [
        Message("không đọc được tệp số liệu: ", "cannot read the evidence file: ") + reason
      ]
    case .syntax(_, let error):
      return [
        "\(error.line):\(error.column): "
          + Message("không phải JSON hợp lệ: ", "not valid JSON: ") + error.message
      ]
    case .invalid(_, _, let problems):
      return problems.map(\.detail)
    }
  }

  /// The problems, one line each, as `file: commune …: indicator N, field …: message`
  /// (`tệp: xã …: chỉ tiêu N, trường …: …` in Vietnamese).
  public var messages: [Message] {
    switch self {
    case .unreadable(let file, _):
      return details.map { file + ": " + $0 }
    case .syntax(let file, _):
      return details.map { file + ":" + $0 }
    case .invalid(let file, let commune, _):
      var line = Message(verbatim: file + ":")
      if let commune {
        // A code alone (the name could not be read) is said to be a unit's; a name carries
        // its type word (`Phường Đa Mai (07228)`), never "xã" for a phường.
        line +=
          commune.first?.isNumber == true
          ? Message(" đơn vị \(commune):", " unit \(commune):")
          : Message(verbatim: " \(commune):")
      }
      return details.map { line + " " + $0 }
    }
  }

  /// The problems in `language`, one line each.
  public func lines(_ language: Language) -> [String] { messages.map(language.callAsFunction) }

  /// The problems in Vietnamese, one per line.
  public var errorDescription: String? { lines(.vi).joined(separator: "\n") }
}
