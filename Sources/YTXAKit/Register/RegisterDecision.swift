import YTXAFormats

/// One row of the register of recognitions (interfaces §9): a decision of the provincial People's
/// Committee about one commune: recognised (công nhận), recognised again (công nhận lại) or
/// withdrawn (thu hồi). Recognition comes from these decisions, not from a score.
public struct RegisterDecision: Sendable, Hashable {
  /// What a decision does.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case recognition
    case reRecognition = "re-recognition"
    case withdrawal

    /// The word an annex writes (`công nhận`, `công nhận lại`, `thu hồi`).
    public var vietnamese: String {
      switch self {
      case .recognition: "công nhận"
      case .reRecognition: "công nhận lại"
      case .withdrawal: "thu hồi"
      }
    }

    public func word(in language: Language) -> String {
      language == .vi ? vietnamese : rawValue
    }
  }

  /// The decision's number as written (`1234/QĐ-UBND`).
  public var decision: String
  /// The day it was signed: a recognition takes effect, a withdrawal ends one, that day.
  public var signedOn: Day
  public var kind: Kind
  public var communeCode: CommuneCode
  public var communeName: String
  /// The last day in force, when the decision states one.
  public var validTo: Day?
  public var note: String?
  /// The file it was read from (`book.xlsx:Sheet!` for a sheet), and its row or line.
  public var file: String
  public var row: Int
  /// Where it was read, as a person names it: `register.csv:7`, `book.xlsx:Sheet!7`,
  /// `register.jsonl:3`.
  public var source: String { BatchCSV.rowName(file, row) }
  /// The registry unit the code names on ``signedOn`` (when units are checked).
  public var unit: Int?

  /// The last day a recognition holds: its `validTo`, else 31 December of its year +
  /// `validity` − 1 (`recognitionYears` of the criteria set); `nil` for a withdrawal.
  public func lastDay(validity: Int) -> Day? {
    guard kind != .withdrawal else { return nil }
    return validTo ?? Day.endOfYear(signedOn.year + validity - 1)
  }

  /// Which rule gave the last day: `stated` (the decision's `validTo`) or `recognitionYears`.
  public var validToRule: String { validTo != nil ? "stated" : "recognitionYears" }
}
