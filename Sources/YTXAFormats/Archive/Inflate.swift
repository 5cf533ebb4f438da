/// A decoder for raw DEFLATE streams (RFC 1951): stored, fixed-Huffman and dynamic-Huffman
/// blocks, as zip archives (and so .xlsx files) hold them. Foundation has none on Linux and the
/// project takes no dependencies. Written after Mark Adler's `puff.c` (the reference decoder
/// shipped with zlib): canonical Huffman codes decoded a bit at a time, every input checked.
///
/// Bounded: the output may not pass `limit` bytes (a small archive entry must not inflate into
/// gigabytes), and malformed input is an error, never a trap or a loop.
package enum Inflate {
  /// Why a stream cannot be decoded.
  package struct Failure: Error, Sendable, Hashable {
    package var message: Message
  }

  /// The bytes `input` inflates to, at most `limit` of them.
  package static func inflate(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
    var state = State(input: input, limit: limit)
    var last = false
    while !last {
      last = try state.bits(1) == 1
      switch try state.bits(2) {
      case 0: try state.stored()
      case 1: try state.codes(Huffman.fixedLengths, Huffman.fixedDistances)
      case 2: try state.dynamic()
      default: throw Self.failure("khối loại 3 không hợp lệ", "invalid block type 3")
      }
    }
    return state.output
  }

  package static func failure(_ vietnamese: String, _ english: String) -> Failure {
    Failure(
      message: Message("dữ liệu nén không hợp lệ: ", "invalid compressed data: ")
        + Message(vietnamese, english))
  }

  /// A canonical Huffman code: how many codes of each length, and the symbols in code order.
  package struct Huffman {
    package var counts = [Int](repeating: 0, count: 16)
    package var symbols: [Int]

    /// The code of `lengths` (0: symbol unused). `left` is what the code leaves unused: 0 when
    /// complete, positive when incomplete, negative when over-subscribed.
    package init(_ lengths: ArraySlice<Int>) {
      symbols = [Int](repeating: 0, count: lengths.count)
      for length in lengths { counts[length] += 1 }
      var offsets = [Int](repeating: 0, count: 16)
      for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
      for (symbol, length) in lengths.enumerated() where length != 0 {
        symbols[offsets[length]] = symbol
        offsets[length] += 1
      }
    }

    /// What the code leaves unused (see ``init(_:)``).
    package var left: Int {
      if counts[0] == symbols.count { return 0 }
      var left = 1
      for length in 1...15 {
        left <<= 1
        left -= counts[length]
        if left < 0 { return left }
      }
      return left
    }

    /// The fixed codes of block type 1.
    package static let fixedLengths = Huffman(
      ArraySlice(
        [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112)
          + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8)))
    package static let fixedDistances = Huffman(ArraySlice([Int](repeating: 5, count: 30)))
  }

  package struct State {
    package let input: [UInt8]
    package let limit: Int
    package var position = 0
    package var bitBuffer = 0
    package var bitCount = 0
    package var output: [UInt8] = []

    package init(input: [UInt8], limit: Int) {
      self.input = input
      self.limit = limit
    }

    /// The next `count` bits (at most 16), least significant first.
    package mutating func bits(_ count: Int) throws(Failure) -> Int {
      var value = bitBuffer
      while bitCount < count {
        guard position < input.count else {
          throw Inflate.failure("dữ liệu bị cắt cụt", "the stream is truncated")
        }
        value |= Int(input[position]) << bitCount
        position += 1
        bitCount += 8
      }
      bitBuffer = value >> count
      bitCount -= count
      return value & ((1 << count) - 1)
    }

    package mutating func append(_ byte: UInt8) throws(Failure) {
      guard output.count < limit else { throw tooLarge() }
      output.append(byte)
    }

    package func tooLarge() -> Failure {
      Failure(
        message: Message(
          "giải nén vượt quá \(limit) byte", "the data inflates to more than \(limit) bytes"))
    }

    /// A stored block: byte-aligned length, its complement, and the bytes as they are.
    package mutating func stored() throws(Failure) {
      bitBuffer = 0
      bitCount = 0
      guard position + 4 <= input.count else {
        throw Inflate.failure("dữ liệu bị cắt cụt", "the stream is truncated")
      }
      let length = Int(input[position]) | Int(input[position + 1]) << 8
      let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
      position += 4
      guard length == ~complement & 0xFFFF else {
        throw Inflate.failure(
          "độ dài khối lưu không khớp phần bù",
          "a stored block's length does not match its complement")
      }
      guard position + length <= input.count else {
        throw Inflate.failure("dữ liệu bị cắt cụt", "the stream is truncated")
      }
      guard output.count + length <= limit else { throw tooLarge() }
      output.append(contentsOf: input[position..<position + length])
      position += length
    }

    /// One symbol of `code`, read a bit at a time.
    package mutating func decode(_ code: Huffman) throws(Failure) -> Int {
      var value = 0
      var first = 0
      var index = 0
      for length in 1...15 {
        value |= try bits(1)
        let count = code.counts[length]
        if value - count < first { return code.symbols[index + value - first] }
        index += count
        first += count
        first <<= 1
        value <<= 1
      }
      throw Inflate.failure("mã Huffman không tồn tại", "a Huffman code that does not exist")
    }

    package static let lengthBase = [
      3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
      131, 163, 195, 227, 258,
    ]
    package static let lengthExtra = [
      0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    package static let distanceBase = [
      1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
      2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]
    package static let distanceExtra = [
      0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
      13, 13,
    ]

    /// The literals and matches of a compressed block, until its end-of-block symbol.
    package mutating func codes(_ lengths: Huffman, _ distances: Huffman) throws(Failure) {
      while true {
        let symbol = try decode(lengths)
        if symbol < 256 {
          try append(UInt8(symbol))
          continue
        }
        if symbol == 256 { return }
        let index = symbol - 257
        guard index < Self.lengthBase.count else {
          throw Inflate.failure("mã độ dài không hợp lệ", "an invalid length code")
        }
        let length = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
        let distanceSymbol = try decode(distances)
        guard distanceSymbol < Self.distanceBase.count else {
          throw Inflate.failure("mã khoảng cách không hợp lệ", "an invalid distance code")
        }
        let distance =
          Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
        guard distance <= output.count else {
          throw Inflate.failure(
            "khoảng cách trỏ ra trước đầu dữ liệu", "a distance reaches before the start")
        }
        guard output.count + length <= limit else { throw tooLarge() }
        // Byte by byte: a match may overlap what it is copying.
        let start = output.count - distance
        for offset in 0..<length { output.append(output[start + offset]) }
      }
    }

    /// A block with its own codes, themselves coded in its header.
    package mutating func dynamic() throws(Failure) {
      let literalCount = try bits(5) + 257
      let distanceCount = try bits(5) + 1
      let lengthCodeCount = try bits(4) + 4
      guard literalCount <= 286, distanceCount <= 30 else {
        throw Inflate.failure("số mã quá lớn", "too many codes")
      }
      let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
      var lengths = [Int](repeating: 0, count: 19)
      for index in 0..<lengthCodeCount { lengths[order[index]] = try bits(3) }
      let lengthCode = Huffman(lengths[...])
      guard lengthCode.left == 0 else {
        throw Inflate.failure("bảng mã độ dài không đầy đủ", "an incomplete code-length code")
      }
      lengths = []
      while lengths.count < literalCount + distanceCount {
        let symbol = try decode(lengthCode)
        if symbol < 16 {
          lengths.append(symbol)
          continue
        }
        var repeated = 0
        var count: Int
        switch symbol {
        case 16:
          guard let previous = lengths.last else {
            throw Inflate.failure("lặp khi chưa có độ dài nào", "a repeat with no length before")
          }
          repeated = previous
          count = 3 + (try bits(2))
        case 17: count = 3 + (try bits(3))
        default: count = 11 + (try bits(7))
        }
        guard lengths.count + count <= literalCount + distanceCount else {
          throw Inflate.failure("quá nhiều độ dài", "too many lengths")
        }
        lengths += repeatElement(repeated, count: count)
      }
      guard lengths[256] != 0 else {
        throw Inflate.failure("thiếu mã kết thúc khối", "no code for the end of the block")
      }
      let literals = Huffman(lengths[..<literalCount])
      // Incomplete codes are allowed only for a single code of length 1 (RFC 1951, as zlib).
      if literals.left < 0
        || (literals.left > 0 && literalCount != literals.counts[0] + literals.counts[1])
      {
        throw Inflate.failure("bảng mã ký tự không hợp lệ", "an invalid literal/length code")
      }
      let distances = Huffman(lengths[literalCount...])
      if distances.left < 0
        || (distances.left > 0 && distanceCount != distances.counts[0] + distances.counts[1])
      {
        throw Inflate.failure("bảng mã khoảng cách không hợp lệ", "an invalid distance code")
      }
      try codes(literals, distances)
    }
  }
}
