/// Strings: read (with escapes, surrogate pairs and UTF-8 validation) or read past.
extension JSONParser {
  /// Reads past a string, checking it as ``parseString()`` does, without making it.
  package mutating func skipString() throws(SyntaxError) {
    var scan = index + 1
    var isASCII = true
    while scan < bytes.count {
      let byte = bytes[scan]
      if byte == UInt8(ascii: "\"") {
        if !isASCII, String(validating: bytes[(index + 1)..<scan], as: UTF8.self) == nil {
          throw error(
            Message("một chuỗi không phải UTF-8 hợp lệ", "a string is not valid UTF-8"), at: index)
        }
        index = scan + 1
        return
      }
      // An escape, a control character or the end of the file: the full reader decides.
      if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
      if byte >= 0x80 { isASCII = false }
      scan += 1
    }
    _ = try parseString()
  }

  package mutating func parseString() throws(SyntaxError) -> String {
    let start = index
    index += 1
    // Fast path: no escape before the closing quote, so the bytes are the string.
    var scan = index
    var isASCII = true
    while scan < bytes.count {
      let byte = bytes[scan]
      if byte == UInt8(ascii: "\"") {
        let run = bytes[index..<scan]
        let string: String?
        if isASCII {
          string = String(decoding: run, as: UTF8.self)
        } else {
          string = String(validating: run, as: UTF8.self)
        }
        guard let string else {
          throw error(
            Message("một chuỗi không phải UTF-8 hợp lệ", "a string is not valid UTF-8"), at: start)
        }
        index = scan + 1
        return string
      }
      if byte == UInt8(ascii: "\\") { break }
      if byte < 0x20 {
        index = scan
        throw error(
          Message(
            "ký tự điều khiển trong chuỗi (cần viết dạng thoát)",
            "control character inside a string (escape it)"))
      }
      if byte >= 0x80 { isASCII = false }
      scan += 1
    }
    var scratch: [UInt8] = []
    var runStart = index
    while true {
      guard index < bytes.count else {
        throw error(
          Message("tệp kết thúc giữa một chuỗi", "the file ends inside a string"), at: start)
      }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        scratch.append(contentsOf: bytes[runStart..<index])
        index += 1
        break
      }
      if byte < 0x20 {
        throw error(
          Message(
            "ký tự điều khiển trong chuỗi (cần viết dạng thoát)",
            "control character inside a string (escape it)"))
      }
      if byte == UInt8(ascii: "\\") {
        scratch.append(contentsOf: bytes[runStart..<index])
        index += 1
        try parseEscape(into: &scratch)
        runStart = index
        continue
      }
      index += 1
    }
    guard let string = String(validating: scratch, as: UTF8.self) else {
      throw error(
        Message("một chuỗi không phải UTF-8 hợp lệ", "a string is not valid UTF-8"), at: start)
    }
    return string
  }

  private mutating func parseEscape(into scratch: inout [UInt8]) throws(SyntaxError) {
    guard index < bytes.count else {
      throw error(Message("tệp kết thúc giữa một dãy thoát", "the file ends inside an escape"))
    }
    let byte = bytes[index]
    index += 1
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try parseHex4()
      if (0xD800..<0xDC00).contains(scalar) {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
          bytes[index + 1] == UInt8(ascii: "u")
        else {
          throw error(
            Message("nửa cặp surrogate lẻ trong dãy thoát \\u", "unpaired surrogate in \\u escape"))
        }
        index += 2
        let low = try parseHex4()
        guard (0xDC00..<0xE000).contains(low) else {
          throw error(
            Message("nửa cặp surrogate lẻ trong dãy thoát \\u", "unpaired surrogate in \\u escape"))
        }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00..<0xE000).contains(scalar) {
        throw error(
          Message("nửa cặp surrogate lẻ trong dãy thoát \\u", "unpaired surrogate in \\u escape"))
      }
      guard let unicode = Unicode.Scalar(scalar) else {
        throw error(Message("dãy thoát \\u không hợp lệ", "invalid \\u escape"))
      }
      scratch.append(contentsOf: String(Character(unicode)).utf8)
    default:
      throw error(
        Message(
          "dãy thoát '\\\(printable(byte))' không hợp lệ", "invalid escape '\\\(printable(byte))'"))
    }
  }

  private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
    guard index + 4 <= bytes.count else {
      throw error(
        Message("tệp kết thúc giữa một dãy thoát \\u", "the file ends inside a \\u escape"))
    }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default:
        throw error(
          Message(
            "chữ số hệ 16 không hợp lệ trong dãy thoát \\u", "invalid hex digit in \\u escape"))
      }
      value = value << 4 | UInt32(digit)
      index += 1
    }
    return value
  }
}
