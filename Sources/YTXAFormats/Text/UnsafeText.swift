/// Characters that must never reach an output raw, and the one rule per output context for the
/// ones that do (issue 27, class 5).
///
/// Hazards are the characters that change how the text around them is read rather than being
/// read themselves: C0 and C1 controls (a line break forges a line of a text report; a form feed
/// ends a CSS string), the line and paragraph separators, the Unicode bidirectional controls (a
/// U+202E shows "ĐẠT" for "TẠĐ"), and the noncharacters (U+FFFF makes a workbook unreadable).
///
/// Inputs refuse them in every text field (``FieldReader``: names, codes, reasons), so a report
/// never carries one from evidence, criteria, plans or roadmaps. What still quotes raw input (a
/// message naming a bad cell, a table title) and everything written to a terminal shows each
/// hazard as `\u{HH}` (``TerminalText``); HTML, CSS strings and spreadsheet cells each escape by
/// their own rule here.
package enum UnsafeText {
  /// Whether `scalar` is a hazard in a one-line value (tab included: a value is one cell).
  package static func isHazard(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: return true
    case 0x2028, 0x2029: return true
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    case 0xFDD0...0xFDEF: return true
    default: return scalar.value & 0xFFFE == 0xFFFE
    }
  }

  /// Whether `scalar` is a hazard inside multi-line text (a report, a note): line feed and tab
  /// are kept.
  package static func isHazardInText(_ scalar: Unicode.Scalar) -> Bool {
    scalar != "\n" && scalar != "\t" && isHazard(scalar)
  }

  /// Whether a string holds a hazard, read byte by byte over its UTF-8 (the batch's fast path
  /// asks this of every string it reads): the same answer as ``isHazard(_:)`` on each scalar.
  package static func containsHazard(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { containsHazard(utf8: $0) }
  }

  /// ``containsHazard(_:)`` on UTF-8 bytes (valid UTF-8: a lead byte's continuation bytes are
  /// there).
  package static func containsHazard(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = bytes.count
    var index = 0
    while index < count {
      let first = bytes[index]
      if first < 0x80 {
        if first < 0x20 || first == 0x7F { return true }
        index += 1
        continue
      }
      let second: UInt8 = index + 1 < count ? bytes[index + 1] : 0
      let third: UInt8 = index + 2 < count ? bytes[index + 2] : 0
      switch first {
      case 0xC2 where second >= 0x80 && second <= 0x9F: return true
      case 0xD8 where second == 0x9C: return true
      case 0xE2 where second == 0x80:
        if third == 0x8E || third == 0x8F || (third >= 0xA8 && third <= 0xAE) { return true }
      case 0xE2 where second == 0x81:
        if third >= 0xA6 && third <= 0xA9 { return true }
      case 0xEF where second == 0xB7:
        if third >= 0x90 && third <= 0xAF { return true }
      case 0xEF where second == 0xBF:
        if third == 0xBE || third == 0xBF { return true }
      case 0xF0...0xF4:
        let fourth: UInt8 = index + 3 < count ? bytes[index + 3] : 0
        if second & 0x0F == 0x0F && third == 0xBF && (fourth == 0xBE || fourth == 0xBF) {
          return true
        }
      default: break
      }
      index += 1
    }
    return false
  }

  /// The first hazard of a one-line value and its position (1-based, in characters), if any.
  package static func firstHazard(in text: String) -> (scalar: Unicode.Scalar, position: Int)? {
    var position = 0
    for character in text {
      position += 1
      if let scalar = character.unicodeScalars.first(where: isHazard) {
        return (scalar, position)
      }
    }
    return nil
  }

  /// `U+202E`.
  package static func name(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// `\u{1B}`, `\u{202E}`: a hazard as it is shown.
  package static func shown(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "\\u{" + (hex.count < 2 ? "0" + hex : hex) + "}"
  }

  /// Text with each hazard shown as `\u{HH}` (`multiline`: line feeds and tabs kept): how raw
  /// input is quoted in a message, and how everything reaches a terminal.
  package static func visible(_ text: String, multiline: Bool = false) -> String {
    let hazard = multiline ? isHazardInText : isHazard
    guard text.unicodeScalars.contains(where: hazard) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if hazard(scalar) {
        out.append(contentsOf: shown(scalar).unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// The body of a CSS string (`"…"`): quotes, backslashes, `<` and `>` escaped; every hazard (a
  /// form feed or line break would end the string) shown as `\u{HH}`, never obeyed. (HTML text
  /// and attributes have their rule in `HTML.escape`, which shows hazards the same way.)
  package static func cssString(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "'": out += "\\27 "
      case "<": out += "\\3C "
      case ">": out += "\\3E "
      default:
        if isHazard(scalar) {
          // A hazard is shown, never interpreted: `\u{0C}` in the header (its backslash
          // escaped for CSS).
          out += shown(scalar).replacingOccurrences(of: "\\", with: "\\\\")
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// Text for an XML cell of a workbook, lossless: a character XML 1.0 cannot hold (a control
  /// other than tab, line feed and carriage return; U+FFFE, U+FFFF) as the `_xHHHH_` escape that
  /// Excel, LibreOffice and openpyxl read back; a literal `_xHHHH_` in the text has its
  /// underscore escaped (`_x005F_`) so that it reads back as written.
  package static func spreadsheetCell(_ text: String) -> String {
    func isInvalidXML(_ scalar: Unicode.Scalar) -> Bool {
      switch scalar.value {
      case 0x09, 0x0A, 0x0D: return false
      case 0x00...0x1F, 0xFFFE, 0xFFFF: return true
      default: return false
      }
    }
    guard text.unicodeScalars.contains(where: isInvalidXML) || text.contains("_x") else {
      return text
    }
    let scalars = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if isInvalidXML(scalar) {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        out.append(
          contentsOf: "_x\(String(repeating: "0", count: 4 - hex.count))\(hex)_".unicodeScalars)
      } else if scalar == "_", index + 6 < scalars.count, scalars[index + 1] == "x",
        scalars[(index + 2)...(index + 5)].allSatisfy({ $0.properties.isASCIIHexDigit }),
        scalars[index + 6] == "_"
      {
        out.append(contentsOf: "_x005F_".unicodeScalars)
      } else {
        out.append(scalar)
      }
      index += 1
    }
    return String(out)
  }

  /// The inverse of ``spreadsheetCell(_:)``: a cell's text as written, each `_xHHHH_` escape
  /// (which Excel and LibreOffice write for a line break or a control) read back as its
  /// character. An escape of a surrogate is left as written.
  package static func spreadsheetText(_ cell: String) -> String {
    guard cell.contains("_x") else { return cell }
    let scalars = Array(cell.unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x",
        scalars[index + 6] == "_",
        let value = UInt32(
          String(String.UnicodeScalarView(scalars[(index + 2)...(index + 5)])), radix: 16),
        let scalar = Unicode.Scalar(value)
      {
        out.append(scalar)
        index += 7
        continue
      }
      out.append(scalars[index])
      index += 1
    }
    return String(out)
  }
}
