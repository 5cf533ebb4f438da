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

  /// The decision as a paper cites it: `quyết định số 0112/QĐ-UBND ngày 15/01/2024`, with the
  /// commune it was made for when that is not `code` (a recognition carried or inherited across
  /// a change of units).
  public func reference(_ language: Language, for code: CommuneCode? = nil) -> String {
    let day = Phrasebook(language).date(signedOn)
    var text = language.pick(
      "quyết định số \(decision) ngày \(day)", "decision \(decision) of \(day)")
    if let code, code != communeCode {
      text += language.pick(
        ", cấp cho \(communeName.nfc) (\(communeCode.digits)) trước khi thay đổi đơn vị",
        ", made for \(communeName.nfc) (\(communeCode.digits)) before the change of units")
    }
    return text
  }

  /// Which rule gave the last day: `stated` (the decision's `validTo`) or `recognitionYears`.
  public var validToRule: String { validTo != nil ? "stated" : "recognitionYears" }
}

extension CouncilRound {
  /// The round's proposals as register rows (interfaces §9): the keys row of the register, one
  /// row per commune proposed (recognition for a new one, re-recognition for one recognised
  /// before or maintained) or proposed for withdrawal, `decision`, `signedOn` and `validTo` left
  /// for the office to fill. Filled and saved, the file is a register input.
  package func draftDecisions(language: Language) -> Table {
    var table = Table(
      header: Register.keys,
      labels: [
        language.pick("Số quyết định (điền)", "Decision number (to fill)"),
        language.pick("Ngày ký (điền)", "Signed on (to fill)"), language.pick("Loại", "Kind"),
        language.pick("Mã xã", "Commune code"), language.pick("Tên xã", "Commune name"),
        language.pick("Hết hiệu lực (nếu quyết định ghi)", "Last day (if the decision states one)"),
        language.pick("Ghi chú", "Note"),
      ])
    // Codes, numbers and days typed as text keep their zeros and their day/month order.
    table.layout = Table.Layout(
      textColumns: [0, 1, 3, 5],
      validations: [
        Table.Validation(
          column: 2, choices: RegisterDecision.Kind.allCases.map { $0.word(in: language) },
          title: language.pick("Loại quyết định", "Kind of decision"),
          prompt: language.pick(
            "công nhận, công nhận lại hoặc thu hồi", "recognition, re-recognition or withdrawal"))
      ])
    func row(_ entry: Entry, _ kind: RegisterDecision.Kind, _ why: String) -> [Table.Cell] {
      let commune = entry.check.result.commune
      let result = entry.check.result
      let note =
        (round.map { language.pick("đợt \($0)", "round \($0)") + "; " } ?? "") + why + "; "
        + language.pick(
          "\(result.total)/\(result.maximum) điểm", "\(result.total)/\(result.maximum) points")
      return [
        .text(""), .text(""), .text(kind.word(in: language)), .text(commune.code.digits),
        .text(commune.name.nfc), .text(""), .text(note),
      ]
    }
    for entry in proposed {
      guard let kind = entry.kind else { continue }
      table.rows.append(
        row(entry, kind == .new ? .recognition : .reRecognition, kind.word(in: language)))
    }
    for entry in withdrawals {
      let withdrawn = entry.inForceBy.map {
        language.pick(" ", " of ") + $0.reference(language, for: entry.check.result.commune.code)
      }
      table.rows.append(
        row(
          entry, .withdrawal,
          language.pick("đề nghị thu hồi", "proposed for withdrawal") + (withdrawn ?? "")))
    }
    return table
  }
}

extension Register {
  /// The register's valid rows as register rows again (the keys row, one row per decision in
  /// the files' order): what a register file holds, written from what was read, so that the
  /// rows can be read back to the same decisions.
  package func table(language: Language) -> Table {
    var table = Table(
      header: Register.keys,
      labels: [
        language.pick("Số quyết định", "Decision number"), language.pick("Ngày ký", "Signed on"),
        language.pick("Loại", "Kind"), language.pick("Mã xã", "Commune code"),
        language.pick("Tên xã", "Commune name"), language.pick("Hết hiệu lực", "Last day"),
        language.pick("Ghi chú", "Note"),
      ])
    table.layout = Table.Layout(textColumns: [0, 1, 3, 5])
    for decision in decisions {
      table.rows.append([
        .text(decision.decision), .text(decision.signedOn.iso), .text(decision.kind.rawValue),
        .text(decision.communeCode.digits), .text(decision.communeName.nfc),
        .text(decision.validTo?.iso ?? ""), .text(decision.note ?? ""),
      ])
    }
    return table
  }
}
