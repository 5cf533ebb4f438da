import Foundation
import Synchronization
import YTXAFormats

/// How a person may write a value in a table cell, beyond the evidence file's own spelling: a
/// choice or checklist item by the label the template shows as well as by its key, a date as
/// `dd/mm/yyyy` or as a spreadsheet's date cell. Only tables are read this way; an evidence
/// file (JSON) keeps its one spelling (interfaces §1).
enum TableSpelling {
  /// What a cell's text names among a list of keys and their labels.
  enum Match: Equatable {
    /// The key it names.
    case key(String)
    /// It could name several (without diacritics): their keys.
    case ambiguous([String])
    /// It names none.
    case none
  }

  /// The key `text` names: a key as written; else a key or label compared canonically (NFC,
  /// case and spacing ignored); else, when exactly one matches, compared without diacritics
  /// (`co bac si co huu` for `Có bác sĩ cơ hữu`).
  static func match(_ text: String, among options: [(key: String, label: String)]) -> Match {
    if options.contains(where: { $0.key == text }) { return .key(text) }
    let wanted = canonical(text)
    let forms = options.map { (key: spelled($0.key), label: spelled($0.label)) }
    if let index = forms.indices.first(where: {
      forms[$0].key.canonical == wanted || forms[$0].label.canonical == wanted
    }) {
      return .key(options[index].key)
    }
    let bare = folded(wanted)
    let loose = forms.indices.filter {
      forms[$0].key.folded == bare || forms[$0].label.folded == bare
    }
    switch loose.count {
    case 0: return .none
    case 1: return .key(options[loose[0]].key)
    default: return .ambiguous(loose.map { options[$0].key })
    }
  }

  /// An option's key or label compared as ``canonical(_:)`` and ``folded(_:)`` make it, worked
  /// out once per text: options come from the criteria set, and a table may have thousands of
  /// rows naming one by its label (or, refused, by nothing).
  private static func spelled(_ text: String) -> (canonical: String, folded: String) {
    if let known = spellings.withLock({ $0[text] }) { return known }
    let canonical = canonical(text)
    let forms = (canonical: canonical, folded: folded(canonical))
    spellings.withLock { known in
      // The criteria's options are a few hundred; a hostile set cannot grow this without bound.
      if known.count < 10_000 { known[text] = forms }
    }
    return forms
  }

  private static let spellings = Mutex<[String: (canonical: String, folded: String)]>([:])

  /// NFC, lowercased, runs of spaces as one, trimmed.
  static func canonical(_ text: String) -> String {
    text.nfc.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// Without diacritics (`đ` as `d`): how text typed without Vietnamese accents compares.
  static func folded(_ text: String) -> String {
    text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
      .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
  }

  /// A date cell: `YYYY-MM-DD`, `dd/mm/yyyy` (also with `-` or `.`, one- or two-digit day and
  /// month), or a spreadsheet's date cell as its serial number (days since 30 December 1899, as
  /// Excel and LibreOffice store dates; taken only for the days of 2000–2100, 36526–73415, so
  /// that a year typed in a date cell is not read as a day of 1905); `nil` otherwise.
  static func day(_ text: String) -> Day? {
    if let day = Day(iso: text) { return day }
    if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
      let serial = Int(text), (36526...73415).contains(serial)
    {
      // Serial 25569 is 1970-01-01.
      return Day(daysSince1970: Int32(serial - 25569))
    }
    for separator: Character in ["/", "-", "."] {
      let parts = text.split(separator: separator, omittingEmptySubsequences: false)
      guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count),
        (1...2).contains(parts[1].count),
        parts.allSatisfy({
          $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }),
        let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
      else { continue }
      return Day(year: year, month: month, day: day)
    }
    return nil
  }
}
