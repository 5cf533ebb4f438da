import YTXAFormats

/// An input that could not be read, as every report tells it: the file or table row, the
/// commune as far as it could be read (`Phường Đa Mai (07228)`), and every problem in the
/// words of its input (a table's cell and column title, a JSON file's indicator and field).
/// The check workbook, the HTML pages, the batch report and the council's papers list these, so
/// that the commune whose row failed learns why.
public struct RejectedInput: Sendable, Hashable {
  /// The file, or the table row (`five.csv:3`, `book.xlsx:Minh chứng!7`).
  public var source: String
  /// The commune, when it could be read.
  public var commune: String?
  /// Every problem, without the source and commune (said once, above them).
  public var problems: [Message]

  public init(source: String, commune: String?, problems: [Message]) {
    self.source = source
    self.commune = commune
    self.problems = problems
  }

  /// What `error` says of one input.
  public init(_ error: EvidenceError) {
    var commune: String?
    if case .invalid(_, let named, _) = error { commune = named }
    self.init(source: error.file, commune: commune, problems: error.details)
  }

  /// The input as a person names it: `five.csv:3: Phường Đa Mai (07228)`.
  public var heading: String {
    commune.map { "\(source): \($0)" } ?? source
  }

  /// The lines stderr shows: one line for one problem; else the input and the count, then each
  /// problem indented (the input is not repeated on every line).
  public func lines(_ language: Language) -> [String] {
    if problems.count == 1 { return ["\(heading): " + language(problems[0])] }
    return [heading + ": " + language.count(problems.count, "lỗi", "problem")]
      + problems.map { "  - " + language($0) }
  }
}

/// What a run could not score: the inputs rejected (each with every problem) and the table
/// rows nobody filled in. Every report that counts communes shows it the same way, from here:
/// the check workbook's sheet, the HTML pages' section, the text views' lines, the council's
/// papers and the batch report; so that scored + rejected + unfilled = the rows given.
package struct UnreadInputs: Sendable {
  package var rejected: [RejectedInput] = []
  package var unfilled = TableRows.Unfilled()
  /// Rejected inputs counted but not kept (past ``listed``).
  package var moreRejected = 0

  /// How many rejected inputs are kept with their problems (the rest are counted).
  package static let listed = 200

  /// `rejectedCount`: how many were rejected, when `rejected` holds only the first of them.
  package init(
    rejected: [RejectedInput] = [], unfilled: TableRows.Unfilled = .init(),
    rejectedCount: Int? = nil
  ) {
    self.rejected = Array(rejected.prefix(Self.listed))
    moreRejected = max(0, (rejectedCount ?? rejected.count) - self.rejected.count)
    self.unfilled = unfilled
  }

  /// Adds a rejected input (kept while fewer than ``listed`` are).
  package mutating func add(_ input: RejectedInput) {
    if rejected.count < Self.listed { rejected.append(input) } else { moreRejected += 1 }
  }

  package var rejectedCount: Int { rejected.count + moreRejected }
  package var isEmpty: Bool { rejectedCount == 0 && unfilled.count == 0 }

  /// `2 không đọc được · 94 chưa điền` (the parts that are not zero), for a counts line.
  package func counts(_ l: Language) -> String {
    var parts: [String] = []
    if rejectedCount > 0 {
      parts.append(l.pick("\(rejectedCount) không đọc được", "\(rejectedCount) could not be read"))
    }
    if unfilled.count > 0 {
      parts.append(l.pick("\(unfilled.count) chưa điền", "\(unfilled.count) not filled in"))
    }
    return parts.joined(separator: " · ")
  }

  /// One row per problem of each rejected input, then one per unfilled row: the sheet a
  /// department hands back to the communes ("what to fix, in your own sheet's words").
  package func table(_ l: Language) -> Table {
    var table = Table(
      header: ["input", "commune", "status", "problem"],
      labels: [
        l.pick("Tệp / dòng", "File / row"), l.pick("Xã", "Commune"),
        l.pick("Tình trạng", "Status"), l.pick("Cần sửa", "To fix"),
      ])
    let unread = l.pick("không đọc được", "could not be read")
    for input in rejected {
      for problem in input.problems {
        table.rows.append([
          .text(input.source), .text(input.commune ?? ""), .toned(unread, .bad),
          .text(l(problem)),
        ])
      }
    }
    if moreRejected > 0 {
      table.rows.append([
        .text(""), .text(""), .text(""),
        .text(
          l.pick(
            "… và \(moreRejected) đầu vào khác không đọc được (xem thông báo lỗi)",
            "… and \(moreRejected) more inputs that could not be read (see the error messages)")),
      ])
    }
    for row in unfilled.listed {
      table.rows.append([
        .text(row.row), .text(row.commune), .toned(l.pick("chưa điền", "not filled in"), .warning),
        .text(
          l.pick(
            "chưa có minh chứng nào (chỉ có các cột của xã); không chấm",
            "no evidence yet (only the commune's columns); not scored")),
      ])
    }
    if unfilled.count > unfilled.listed.count {
      table.rows.append([
        .text(""), .text(""), .text(""),
        .text(
          l.pick(
            "… và \(unfilled.count - unfilled.listed.count) dòng khác chưa điền",
            "… and \(unfilled.count - unfilled.listed.count) more rows not filled in")),
      ])
    }
    return table
  }

  /// The section of an HTML page: each rejected input with every problem, then the unfilled
  /// rows (named in a fold that opens).
  package func html(_ l: Language) -> String {
    guard !isEmpty else { return "" }
    let e = HTML.escape
    var html = "<section class=\"unread\">"
    if rejectedCount > 0 {
      html +=
        "<h2>"
        + e(l.pick("Không đọc được (\(rejectedCount))", "Could not be read (\(rejectedCount))"))
        + "</h2><p class=\"note\">"
        + e(
          l.pick(
            "Các dòng/tệp dưới đây không được chấm; sửa từng ô như ghi rồi gửi lại.",
            "The rows or files below were not scored; fix each cell as said and send them again."))
        + "</p><ul class=\"unread\">"
      for input in rejected {
        html += "<li><b>" + e(input.commune ?? input.source) + "</b>"
        if input.commune != nil { html += " <span class=\"meta\">" + e(input.source) + "</span>" }
        html += "<ul>" + input.problems.map { "<li>" + e(l($0)) + "</li>" }.joined() + "</ul></li>"
      }
      if moreRejected > 0 {
        html +=
          "<li>"
          + e(l.pick("… và \(moreRejected) đầu vào khác", "… and \(moreRejected) more inputs"))
          + "</li>"
      }
      html += "</ul>"
    }
    if unfilled.count > 0 {
      html +=
        "<h2>" + e(l.pick("Chưa điền (\(unfilled.count))", "Not filled in (\(unfilled.count))"))
        + "</h2><details><summary>"
        + e(
          l.pick(
            "\(unfilled.count) dòng chỉ có các cột của xã, chưa có minh chứng: không chấm",
            "\(unfilled.count) rows hold only the commune's columns, no evidence yet: not scored"))
        + "</summary><p>" + e(unfilled.listed.map(\.commune).joined(separator: ", "))
        + (unfilled.count > unfilled.listed.count
          ? e(l.pick(" và \(unfilled.count - unfilled.listed.count) dòng khác", " and more")) : "")
        + "</p></details>"
    }
    return html + "</section>"
  }

  /// Lines for a text view: each rejected input's heading, and the unfilled count.
  package func textLines(_ l: Language) -> [String] {
    var lines: [String] = []
    if rejectedCount > 0 {
      lines.append(
        l.pick("Không đọc được (\(rejectedCount)):", "Could not be read (\(rejectedCount)):"))
      for input in rejected {
        lines.append(
          "  " + input.heading + " — "
            + l.pick(
              "\(input.problems.count) lỗi",
              input.problems.count == 1 ? "1 problem" : "\(input.problems.count) problems"))
      }
      if moreRejected > 0 {
        lines.append(l.pick("  … và \(moreRejected) khác", "  … and \(moreRejected) more"))
      }
    }
    if unfilled.count > 0 {
      lines.append(
        l.pick(
          "Chưa điền: \(unfilled.count) dòng (không chấm).",
          "Not filled in: \(unfilled.count) " + (unfilled.count == 1 ? "row" : "rows")
            + " (not scored)."))
    }
    return lines
  }
}

/// The rejected rows of tables, as stderr and `errors.jsonl` list them: the first ``listed`` of
/// each table one by one, the rest counted (a table of 600,000 damaged rows must not print,
/// write or hold 600,000 messages). Every row is still read and judged, so the counts are exact.
package struct RejectedRows: Sendable {
  /// How many rejected rows of one table are listed one by one.
  package static let listed = 1000

  /// Rejected rows seen, by table file, in the order first seen.
  private var counts: [String: Int] = [:]
  private var tables: [String] = []

  package init() {}

  /// Counts a rejected input, a row of `table` or (`nil`) a file; whether it is listed (every
  /// rejected file is, and the first ``listed`` rows of each table).
  package mutating func admit(table: String?) -> Bool {
    guard let table else { return true }
    if counts[table] == nil { tables.append(table) }
    counts[table, default: 0] += 1
    return counts[table, default: 0] <= Self.listed
  }

  /// Rejected rows counted but not listed, by table, in the order the tables came.
  package var unlisted: [(table: String, count: Int)] {
    tables.compactMap { table in
      let count = counts[table, default: 0] - Self.listed
      return count > 0 ? (table, count) : nil
    }
  }

  /// The sentence closing a table's list: how many more rows were rejected, not listed.
  package static func closing(table: String, count: Int) -> Message {
    // A sheet is named `book.xlsx:Sheet!` in its rows' names.
    let table = table.hasSuffix("!") ? String(table.dropLast()) : table
    return Message(
      "\(table): … và \(count) dòng khác bị từ chối, không liệt kê từng dòng (chỉ "
        + "liệt kê \(listed) dòng đầu); hãy sửa các dòng trên rồi kiểm tra lại",
      "\(table): … and \(count) more rows rejected, not listed one by one (only "
        + "the first \(listed) are); fix the rows above and check again")
  }

  /// The table a source is a row of, or `nil` for a file.
  package static func table(of source: BatchSource) -> String? {
    guard case .csvRow(let file, _, _) = source else { return nil }
    return file
  }

  /// The closing sentences of every table with rows not listed.
  package var closings: [Message] {
    unlisted.map { Self.closing(table: $0.table, count: $0.count) }
  }
}
