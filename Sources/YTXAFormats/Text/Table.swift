/// A table of typed cells, made once and rendered as CSV (every cell as text) or as a sheet of
/// an .xlsx workbook (``XLSXWriter``: text as text, numbers as numbers), so that both formats
/// of a report hold the same rows.
///
/// A table has its machine keys (`header`: stable, for formulas and scripts, what readers match)
/// and may have a row of labels for people (`labels`: the column names in the user's language),
/// written above the keys unless ``Headers/keys`` asks for the keys alone.
package struct Table: Sendable {
  package enum Cell: Sendable, Hashable {
    case text(String)
    /// A number, written exactly as this text (`.` as the decimal mark); empty when blank.
    case number(String)
    /// Text with a tone: shaded in a spreadsheet (green, red, amber), plain in CSV.
    case toned(String, Tone)

    package var text: String {
      switch self {
      case .text(let text), .number(let text), .toned(let text, _): text
      }
    }
  }

  /// How a cell's shading reads.
  package enum Tone: Sendable, Hashable {
    case good, bad, warning
  }

  /// Which header rows a table is written with.
  package enum Headers: String, Sendable, CaseIterable {
    /// The labels row, then the keys row (the default: people read the first, `ytxa` the
    /// second).
    case both
    /// The keys row alone (the layout of ytxa before labels, for scripts).
    case keys
  }

  /// A list of values offered in a column (a spreadsheet's data validation), with a prompt
  /// shown when a cell of the column is selected. Other values are warned about, not refused,
  /// so that `KAD: reason` can still be typed.
  package struct Validation: Sendable, Hashable {
    package var column: Int
    package var choices: [String]
    package var title: String
    package var prompt: String

    package init(column: Int, choices: [String], title: String, prompt: String) {
      self.column = column
      self.choices = choices
      self.title = title
      self.prompt = prompt
    }
  }

  /// What a sheet to fill in needs beyond its rows.
  package struct Layout: Sendable, Hashable {
    /// Columns formatted as text, so that a typed code keeps its leading zeros.
    package var textColumns: Set<Int> = []
    package var validations: [Validation] = []
    /// Rows below the last one that the formats and validations still cover.
    package var blankRows = 0
    /// Columns kept in view when scrolling right.
    package var frozenColumns = 0

    package init(
      textColumns: Set<Int> = [], validations: [Validation] = [], blankRows: Int = 0,
      frozenColumns: Int = 0
    ) {
      self.textColumns = textColumns
      self.validations = validations
      self.blankRows = blankRows
      self.frozenColumns = frozenColumns
    }
  }

  package var header: [String]
  package var labels: [String]?
  package var rows: [[Cell]] = []
  package var layout = Layout()

  package init(header: [String], labels: [String]? = nil) {
    self.header = header
    self.labels = labels
  }

  /// The header rows as written with `headers`.
  package func headerRows(_ headers: Headers = .both) -> [[String]] {
    guard let labels, headers == .both else { return [header] }
    return [labels, header]
  }

  /// The table as CSV: the header rows, then every row.
  package func csv(headers: Headers = .both) -> String {
    var writer = CSVWriter()
    for row in headerRows(headers) { writer.row(row) }
    for row in rows { writer.row(row.map(\.text)) }
    return writer.output
  }

  /// The table as an .xlsx workbook of one sheet named `sheet`.
  package func xlsx(sheet: String, headers: Headers = .both) -> [UInt8] {
    XLSXWriter.workbook([(sheet, self)], headers: headers)
  }
}
