extension XLSXWorkbook {
  /// The highest row number and the highest column (XFD, 0-based) a sheet may have.
  package static let rowLimit = 1_048_576
  package static let columnLimit = 16_383

  /// One sheet's rows, read one at a time as its part is inflated and parsed, so that a sheet
  /// of any length is read in bounded memory (the shared strings are the only part held
  /// whole). Every number taken from the file is range-checked before use (rows 1 to
  /// 1,048,576, columns A to XFD), rows and cells must come in order and once, and a cell's
  /// value must be what its type says; anything else is a ``Failure`` naming the sheet and the
  /// cell.
  package final class SheetReader {
    package let sheet: String
    private let entry: ZipArchive.EntryReader
    private let sharedStrings: [String]
    private var tokenizer = XMLTokenizer()
    private var lastRow = 0
    private var inSheetData = false
    /// The row being read, its cells, and the cell being read.
    private var row: Row?
    private var lastColumn = -1
    private var cell: (column: Int, type: CellType)?
    private var value: [UInt8] = []
    private var values = 0
    private var inValue = false
    private var inlineDepth = 0
    private var phonetic = 0

    enum CellType {
      case number, shared, boolean, error, string, inline, date
    }

    init(sheet: String, entry: ZipArchive.EntryReader, sharedStrings: [String]) {
      self.sheet = sheet
      self.entry = entry
      self.sharedStrings = sharedStrings
    }

    /// The next row (rows with no cell included, as the sheet gives them), or `nil` at the end.
    package func next() throws(Failure) -> Row? {
      do {
        while true {
          guard let token = try tokenizer.next() else {
            if tokenizer.isAtEnd { return nil }
            do {
              if let piece = try entry.next() { tokenizer.feed(piece) } else { tokenizer.finish() }
            } catch {
              throw Failure(message: "\(sheet): " + error.message)
            }
            continue
          }
          if let finished = try take(token) { return finished }
        }
      } catch let error as XMLReader.Failure {
        throw Failure(message: "\(sheet): " + error.message)
      } catch let error as Failure {
        throw error
      } catch {
        throw XLSXWorkbook.failure("\(sheet): ", "\(sheet): ", appending: "?")
      }
    }

    /// The elements the reader acts on.
    enum Element {
      case sheetData, row, c, v, inline, t, phonetic, other
    }

    /// Which element a name is, from its length and letters (a sheet has millions of them).
    private func element(_ name: Range<Int>) -> Element {
      let bytes = tokenizer.bytes
      let first = bytes[name.lowerBound]
      switch name.count {
      case 1:
        switch first {
        case UInt8(ascii: "c"): return .c
        case UInt8(ascii: "v"): return .v
        case UInt8(ascii: "t"): return .t
        default: return .other
        }
      case 2: return tokenizer.isName(name, "is") ? .inline : .other
      case 3:
        if tokenizer.isName(name, "row") { return .row }
        return tokenizer.isName(name, "rPh") ? .phonetic : .other
      case 9: return tokenizer.isName(name, "sheetData") ? .sheetData : .other
      default: return .other
      }
    }

    /// Takes one token; returns a row when it ends one.
    private func take(_ token: XMLTokenizer.Token) throws -> Row? {
      switch token {
      case .start(let name, let attributes, let isEmpty):
        let element = element(name)
        if element == .sheetData {
          inSheetData = !isEmpty
          return nil
        }
        guard inSheetData else { return nil }
        if element == .row {
          let number = try rowNumber(tokenizer.attribute("r", in: attributes))
          lastRow = number
          lastColumn = -1
          row = Row(number: number, cells: [:])
          if isEmpty {
            defer { row = nil }
            return row
          }
        } else if element == .c {
          guard row != nil else { throw misplaced("c") }
          let column = try cellColumn(tokenizer.attribute("r", in: attributes))
          lastColumn = column
          let type = try cellType(tokenizer.attribute("t", in: attributes), column: column)
          cell = isEmpty ? nil : (column, type)
          value.removeAll(keepingCapacity: true)
          values = 0
          inlineDepth = 0
          phonetic = 0
        } else if let current = cell, !isEmpty {
          if element == .v {
            values += 1
            guard values == 1 else {
              throw cellFailure(
                current.column, "có hai giá trị <v>", "holds two values (<v>)")
            }
            inValue = true
          } else if element == .inline {
            inlineDepth += 1
          } else if element == .phonetic {
            phonetic += 1
          } else if element == .t, inlineDepth > 0, phonetic == 0 {
            inValue = true
          }
        }
      case .end(let name):
        switch element(name) {
        case .sheetData: inSheetData = false
        case .row:
          defer { row = nil }
          return row
        case .c:
          if let current = cell, let text = try resolve(current) {
            row?.cells[current.column] = text
          }
          cell = nil
        case .v, .t: inValue = false
        case .inline: inlineDepth -= 1
        case .phonetic: phonetic -= 1
        case .other: break
        }
      case .text(let range, let isCDATA):
        guard inValue else { return nil }
        if isCDATA {
          value += tokenizer.bytes[range]
        } else {
          value += Array(try tokenizer.text(range).utf8)
        }
      }
      return nil
    }

    /// A row's number: as its `r` says (digits, 1 to 1,048,576, after the previous row), or
    /// the one after the previous row.
    private func rowNumber(_ attribute: Range<Int>?) throws -> Int {
      guard let attribute else {
        guard lastRow < XLSXWorkbook.rowLimit else { throw rowFailure("?") }
        return lastRow + 1
      }
      let digits = tokenizer.bytes[attribute]
      guard let number = Self.number(digits), (1...XLSXWorkbook.rowLimit).contains(number) else {
        throw rowFailure(String(decoding: digits, as: UTF8.self).abbreviated)
      }
      guard number > lastRow else {
        throw XLSXWorkbook.failure(
          "\(sheet): dòng \(number) đứng sau dòng \(lastRow) (các dòng phải theo thứ tự, mỗi dòng "
            + "một lần)",
          "\(sheet): row \(number) comes after row \(lastRow) (rows must be in order, each once)")
      }
      return number
    }

    private func rowFailure(_ found: String) -> Failure {
      XLSXWorkbook.failure(
        "\(sheet): số dòng \"\(found)\" không hợp lệ (phải từ 1 đến 1048576, sau dòng \(lastRow))",
        "\(sheet): the row number \"\(found)\" is invalid (must be 1 to 1048576, after row "
          + "\(lastRow))")
    }

    /// A cell's column: as its `r` says (letters A to XFD, then the row's own number), or the
    /// one after the previous cell; after the previous cell in any case.
    private func cellColumn(_ attribute: Range<Int>?) throws -> Int {
      guard let number = row?.number else { throw misplaced("c") }
      guard let attribute else {
        guard lastColumn < XLSXWorkbook.columnLimit else {
          throw XLSXWorkbook.failure(
            "\(sheet): dòng \(number) có ô sau cột XFD",
            "\(sheet): row \(number) has a cell past XFD")
        }
        return lastColumn + 1
      }
      let reference = tokenizer.bytes[attribute]
      let letters = reference.prefix { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
      let digits = reference.dropFirst(letters.count)
      guard !letters.isEmpty, letters.count <= 3,
        let column = XLSXWorkbook.column(of: String(decoding: letters, as: UTF8.self)),
        digits.isEmpty || Self.number(digits) == number
      else {
        throw XLSXWorkbook.failure(
          "\(sheet): dòng \(number) có ô \"\(String(decoding: reference, as: UTF8.self).abbreviated)\" "
            + "không hợp lệ (cột A đến XFD, rồi số dòng \(number))",
          "\(sheet): row \(number) has an invalid cell reference "
            + "\"\(String(decoding: reference, as: UTF8.self).abbreviated)\" (columns A to XFD, "
            + "then the row number \(number))")
      }
      guard column > lastColumn else {
        throw cellFailure(
          column, "lặp lại hoặc không theo thứ tự cột", "comes twice or out of column order")
      }
      return column
    }

    private func cellType(_ attribute: Range<Int>?, column: Int) throws -> CellType {
      guard let attribute else { return .number }
      switch String(decoding: tokenizer.bytes[attribute], as: UTF8.self) {
      case "n": return .number
      case "s": return .shared
      case "b": return .boolean
      case "e": return .error
      case "str": return .string
      case "inlineStr": return .inline
      case "d": return .date
      case let other:
        throw cellFailure(
          column, "có kiểu \"\(other.abbreviated)\" không được biết",
          "has an unknown type \"\(other.abbreviated)\"")
      }
    }

    /// A cell's text by its type: a shared string's index, a boolean, an error, a number as a
    /// spreadsheet shows it, or the text as written; each refused when it is not what its type
    /// says.
    private func resolve(_ cell: (column: Int, type: CellType)) throws -> String? {
      let text = try utf8(value, column: cell.column)
      switch cell.type {
      case .shared:
        guard let index = Self.number(value[...]), sharedStrings.indices.contains(index) else {
          throw cellFailure(
            cell.column, "trỏ tới chuỗi dùng chung \"\(text.abbreviated)\" không có",
            "refers to a shared string \"\(text.abbreviated)\" that does not exist")
        }
        return sharedStrings[index]
      case .boolean:
        guard values == 0 || text == "0" || text == "1" else {
          throw cellFailure(
            cell.column, "là ô đúng/sai nhưng chứa \"\(text.abbreviated)\" (chỉ 0 hoặc 1)",
            "is a true/false cell holding \"\(text.abbreviated)\" (only 0 or 1)")
        }
        return values == 0 ? nil : text
      case .error: return nil
      case .number:
        guard !text.isEmpty else { return nil }
        guard Self.isNumber(value) else {
          throw cellFailure(
            cell.column, "là ô số nhưng chứa \"\(text.abbreviated)\"",
            "is a number cell holding \"\(text.abbreviated)\"")
        }
        return XLSXWorkbook.displayed(text)
      case .string, .inline, .date: return text.isEmpty ? nil : UnsafeText.spreadsheetText(text)
      }
    }

    private func utf8(_ bytes: [UInt8], column: Int) throws -> String {
      guard let text = String(validating: bytes, as: UTF8.self) else {
        throw cellFailure(column, "chứa văn bản không phải UTF-8", "holds text that is not UTF-8")
      }
      return text
    }

    /// `cell C7 …` for the sheet's messages.
    private func cellFailure(_ column: Int, _ vietnamese: String, _ english: String) -> Failure {
      let reference = "\(XLSXWriter.columnName(column))\(row?.number ?? lastRow)"
      return XLSXWorkbook.failure(
        "\(sheet): ô \(reference) " + vietnamese, "\(sheet): cell \(reference) " + english)
    }

    private func misplaced(_ element: String) -> Failure {
      XLSXWorkbook.failure(
        "\(sheet): thẻ <\(element)> nằm ngoài một dòng", "\(sheet): a <\(element)> outside a row")
    }

    /// Digits as a number (at most 9 of them, so that nothing overflows), else `nil`.
    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
      guard !digits.isEmpty, digits.count <= 9 else { return nil }
      var value = 0
      for byte in digits {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }

    /// Whether a number cell's stored text is a decimal number (`-12`, `0.95`, `1E-3`):
    /// nothing else a spreadsheet writes there (no hexadecimal, no spaces, no `inf`).
    static func isNumber(_ bytes: [UInt8]) -> Bool {
      var index = 0
      func digits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"),
          bytes[index] <= UInt8(ascii: "9")
        {
          index += 1
        }
        return index - start
      }
      if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
      var count = digits()
      if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
        index += 1
        count += digits()
      }
      guard count > 0 else { return false }
      if index < bytes.count, bytes[index] == UInt8(ascii: "E") || bytes[index] == UInt8(ascii: "e")
      {
        index += 1
        if index < bytes.count,
          bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")
        {
          index += 1
        }
        guard digits() > 0 else { return false }
      }
      return index == bytes.count
    }
  }
}
