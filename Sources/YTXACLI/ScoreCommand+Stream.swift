import Foundation
import YTXAFormats
import YTXAKit

extension ScoreCommand {
  /// What the streamed formats keep between files (counts, the CSV's current criteria set, the
  /// workbook's sheets) and how each scored file is written, in input order.
  struct Stream {
    let format: String
    let language: Language
    let headers: Table.Headers
    let single: Bool
    let console: Console
    private(set) var scoredCount = 0
    private(set) var passed = 0
    private var csvSet: String?
    /// xlsx: a sheet per criteria set, its rows appended as results come (as XML, not cells).
    private var sheets: [(id: String, sheet: XLSXWriter.SheetWriter)] = []

    init(format: String, language: Language, headers: Table.Headers, single: Bool, console: Console)
    {
      self.format = format
      self.language = language
      self.headers = headers
      self.single = single
      self.console = console
    }

    /// Writes one scored file.
    mutating func write(_ item: Scored, _ rendered: Rendered) {
      switch rendered {
      case .json(let bytes):
        console.outBytes(single || scoredCount == 0 ? bytes : [UInt8(ascii: ",")] + bytes)
      case .cells(let rows):
        if sheets.last?.id != item.criteria.id {
          let report = ScoreCSVReport(
            criteria: item.criteria, language: language, headers: headers)
          // Rows past a megabyte wait in a scratch file, not in memory.
          let spill = try? SpillFile(folder: FileManager.default.temporaryDirectory.path)
          sheets.append(
            (
              item.criteria.id,
              XLSXWriter.SheetWriter(table: report.table, headers: headers, spill: spill)
            ))
        }
        for row in rows { sheets[sheets.count - 1].sheet.append(row) }
      case .text(let text) where format == "csv":
        let report = ScoreCSVReport(criteria: item.criteria, language: language, headers: headers)
        if csvSet != item.criteria.id { console.out(report.start()) }
        csvSet = item.criteria.id
        console.out(text)
      case .text(let text):
        if scoredCount > 0 { console.out("\n" + String(repeating: "═", count: 80) + "\n\n") }
        console.text(text)
      }
      scoredCount += 1
      if item.result.hasPassed { passed += 1 }
    }

    /// Closes the document: the JSON array, the workbook, or the text summary line. `false`
    /// when the workbook could not be written (and that was said).
    func finish(files: Int, rejected: Int) -> Bool {
      switch format {
      case "json":
        if single {
          if scoredCount == 0 { console.out("[]\n") }
        } else {
          console.out(scoredCount > 0 ? "\n]\n" : "]\n")
        }
      case "csv": break
      case "xlsx":
        var book = XLSXWriter.Builder()
        for (id, sheet) in sheets { book.add(id, sheet) }
        if book.isEmpty {
          // Nothing was scored (every file was refused, and said so): the columns alone.
          book.add(
            "scores",
            XLSXWriter.SheetWriter(table: Table(header: ScoreCSVReport.header), headers: .keys))
        }
        do {
          try book.write(emit: console.outBytes)
        } catch {
          console.error(Message(describing: error), language)
          return false
        }
      default:
        if files > 1 {
          console.out(
            "\n"
              + language.pick(
                "Tổng hợp: \(files) tệp · \(passed) đạt · \(scoredCount - passed) chưa đạt · "
                  + "\(rejected) bị từ chối\n",
                "Summary: \(files) files · \(passed) pass · \(scoredCount - passed) fail · "
                  + "\(rejected) rejected\n"))
        }
      }
      return true
    }
  }
}
