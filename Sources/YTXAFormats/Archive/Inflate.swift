/// A decoder for raw DEFLATE streams (RFC 1951): stored, fixed-Huffman and dynamic-Huffman
/// blocks, as zip archives (and so .xlsx files) hold them. Foundation has none on Linux and the
/// project takes no dependencies. The checks follow Mark Adler's `puff.c` (the reference decoder
/// shipped with zlib); the codes are decoded through a table of their first 10 bits, longer ones
/// a bit at a time, as zlib's `inflate` does.
///
/// Streaming: ``stream(_:limit:sink:)`` hands the output on in pieces as it is made and keeps
/// only the 32 KiB window a match may reach back into, so that a sheet of any length is read in
/// bounded memory. Bounded: the output may not pass `limit` bytes (a small archive entry must not
/// inflate into gigabytes), and malformed input is an error, never a trap or a loop.
package enum Inflate {
  /// Why a stream cannot be decoded.
  package struct Failure: Error, Sendable, Hashable {
    package var message: Message
  }

  /// The bytes `input` inflates to, at most `limit` of them.
  package static func inflate(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
    var output: [UInt8] = []
    try stream(input, limit: limit) { piece in
      output.append(contentsOf: piece)
      return true
    }
    return output
  }

  /// Decodes `input`, handing the output to `sink` in pieces of about ``pieceSize`` bytes (a
  /// match may add up to 258), in order, as it is made; `sink` returns `false` to stop (the rest
  /// is not decoded). Returns how many bytes were made. Memory: the window and one piece,
  /// whatever the output's size.
  @discardableResult
  package static func stream(
    _ input: [UInt8], limit: Int, sink: (UnsafeRawBufferPointer) -> Bool
  ) throws(Failure) -> Int {
    let reader = Reader(input, limit: limit)
    while let piece = try reader.next() {
      if !sink(piece) { break }
    }
    return reader.total
  }

  /// Inflates a stream a piece at a time, on demand: each ``next()`` decodes about
  /// ``pieceSize`` more bytes (a match may add up to 258) and keeps only the 32 KiB window
  /// matches reach back into.
  package final class Reader {
    private var state: State

    package init(_ input: [UInt8], limit: Int) {
      state = State(input: input, limit: limit)
    }

    deinit { state.release() }

    /// How many bytes were made so far.
    package var total: Int { state.total }

    /// The next piece of output, valid until the next call; `nil` at the end of the stream.
    package func next() throws(Failure) -> UnsafeRawBufferPointer? {
      try state.next()
    }
  }

  /// How many output bytes are handed to a sink at once (a match may add up to 258).
  package static let pieceSize = 1 << 18

  package static func failure(_ vietnamese: String, _ english: String) -> Failure {
    Failure(
      message: Message("dữ liệu nén không hợp lệ: ", "invalid compressed data: ")
        + Message(vietnamese, english))
  }

  /// A canonical Huffman code: how many codes of each length, the symbols in code order, and a
  /// table of the codes of at most ``Code/tableBits`` bits by their first bits as read.
  package struct Code: Sendable {
    package var counts = [Int](repeating: 0, count: 16)
    package var symbols: [Int]
    /// By the next ``tableBits`` bits of input (least significant first): `symbol << 4 |
    /// length`, or 0 when the code there is longer (decoded a bit at a time).
    package var table: [UInt16]
    package static let tableBits = 10

    /// The code of `lengths` (0: symbol unused).
    package init(_ lengths: ArraySlice<Int>) {
      symbols = [Int](repeating: 0, count: lengths.count)
      for length in lengths { counts[length] += 1 }
      var offsets = [Int](repeating: 0, count: 16)
      for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
      for (symbol, length) in lengths.enumerated() where length != 0 {
        symbols[offsets[length]] = symbol
        offsets[length] += 1
      }
      table = [UInt16](repeating: 0, count: 1 << Self.tableBits)
      // Canonical codes in order: within a length, consecutive values; each next length starts
      // at the previous end doubled (RFC 1951 §3.2.2).
      var code = 0
      var index = 0
      for length in 1...15 {
        for _ in 0..<counts[length] {
          if length <= Self.tableBits, index < symbols.count {
            // The code is sent most significant bit first; the table is indexed by bits as
            // read, least significant first.
            var reversed = 0
            for bit in 0..<length where code & (1 << bit) != 0 {
              reversed |= 1 << (length - 1 - bit)
            }
            let entry = UInt16(symbols[index] << 4 | length)
            var slot = reversed
            while slot < 1 << Self.tableBits {
              table[slot] = entry
              slot += 1 << length
            }
          }
          code += 1
          index += 1
        }
        code <<= 1
      }
    }

    /// What the code leaves unused: 0 when complete, positive when incomplete, negative when
    /// over-subscribed.
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
    package static let fixedLengths = Code(
      ArraySlice(
        [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112)
          + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8)))
    package static let fixedDistances = Code(ArraySlice([Int](repeating: 5, count: 30)))
  }

  package struct State {
    package let input: [UInt8]
    package let limit: Int
    package var position = 0
    var bitBuffer: UInt64 = 0
    var bitCount = 0
    /// The output not yet handed on, after the window of earlier output matches may copy from.
    let buffer: UnsafeMutablePointer<UInt8>
    var count = 0
    /// Where in `buffer` the output not yet handed on starts.
    var handed = 0
    /// How many bytes were made in all.
    package var total = 0
    /// Where the decoder is between calls.
    var phase = Phase.header
    /// Whether the block being decoded is the stream's last.
    var isLast = false

    enum Phase {
      case header
      case stored(remaining: Int)
      case codes(Code, Code)
      case done
    }

    static let window = 1 << 15
    static let capacity = window + pieceSize + 512

    package init(input: [UInt8], limit: Int) {
      self.input = input
      self.limit = limit
      buffer = .allocate(capacity: Self.capacity)
    }

    func release() { buffer.deallocate() }

    /// Whether a piece is full (then it is handed on before more is decoded).
    @inline(__always)
    var isFull: Bool { count - handed >= pieceSize }

    /// The next piece: decodes until one is full or the stream ends.
    mutating func next() throws(Failure) -> UnsafeRawBufferPointer? {
      // Drop what was handed on, keeping the window.
      if count > Self.window {
        buffer.update(from: buffer + count - Self.window, count: Self.window)
        count = Self.window
      }
      handed = count
      while !isFull {
        switch phase {
        case .done:
          guard count > handed else { return nil }
          return UnsafeRawBufferPointer(start: buffer + handed, count: count - handed)
        case .header:
          isLast = try bits(1) == 1
          switch try bits(2) {
          case 0: try storedHeader()
          case 1: phase = .codes(Code.fixedLengths, Code.fixedDistances)
          case 2: try dynamic()
          default: throw Inflate.failure("khối loại 3 không hợp lệ", "invalid block type 3")
          }
        case .stored(let remaining):
          let take = min(remaining, pieceSize - (count - handed))
          input.withUnsafeBufferPointer { source in
            (buffer + count).update(from: source.baseAddress! + position, count: take)
          }
          count += take
          position += take
          phase = remaining == take ? endOfBlock() : .stored(remaining: remaining - take)
        case .codes(let lengths, let distances):
          if try codes(lengths, distances) { phase = endOfBlock() }
        }
      }
      return UnsafeRawBufferPointer(start: buffer + handed, count: count - handed)
    }

    /// What follows a block: the next block's header, or the end.
    func endOfBlock() -> Phase { isLast ? .done : .header }

    /// Reads whole bytes into the bit buffer while there is room.
    @inline(__always)
    mutating func refill() {
      while bitCount <= 56, position < input.count {
        bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
        position += 1
        bitCount += 8
      }
    }

    /// The next `count` bits (at most 16), least significant first.
    package mutating func bits(_ count: Int) throws(Failure) -> Int {
      if bitCount < count { refill() }
      guard bitCount >= count else {
        throw Inflate.failure("dữ liệu bị cắt cụt", "the stream is truncated")
      }
      let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
      bitBuffer >>= UInt64(count)
      bitCount -= count
      return value
    }

    package func tooLarge() -> Failure {
      Failure(
        message: Message(
          "giải nén vượt quá \(limit) byte", "the data inflates to more than \(limit) bytes"))
    }

    /// A stored block's header: byte-aligned length and its complement; the bytes as they
    /// are follow.
    mutating func storedHeader() throws(Failure) {
      // To the byte boundary; whole bytes already in the bit buffer are given back.
      position -= bitCount / 8
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
      guard total + length <= limit else { throw tooLarge() }
      total += length
      phase = length == 0 ? endOfBlock() : .stored(remaining: length)
    }

    /// One symbol of `code`: through its table when the code is short, else a bit at a time.
    @inline(__always)
    mutating func decode(_ code: Code) throws(Failure) -> Int {
      if bitCount < 15 { refill() }
      let entry = Int(code.table[Int(bitBuffer & UInt64((1 << Code.tableBits) - 1))])
      let length = entry & 15
      if entry != 0, length <= bitCount {
        bitBuffer >>= UInt64(length)
        bitCount -= length
        return entry >> 4
      }
      return try slowDecode(code)
    }

    /// One symbol of `code`, read a bit at a time (`puff.c`'s `decode`).
    mutating func slowDecode(_ code: Code) throws(Failure) -> Int {
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

    static let lengthBase = [
      3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
      131, 163, 195, 227, 258,
    ]
    static let lengthExtra = [
      0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    static let distanceBase = [
      1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
      2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]
    static let distanceExtra = [
      0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
      13, 13,
    ]

    /// The literals and matches of a compressed block, until its end-of-block symbol (then
    /// `true`) or a full piece (`false`).
    mutating func codes(_ lengths: Code, _ distances: Code) throws(Failure) -> Bool {
      while !isFull {
        let symbol = try decode(lengths)
        if symbol < 256 {
          guard total < limit else { throw tooLarge() }
          buffer[count] = UInt8(truncatingIfNeeded: symbol)
          count += 1
          total += 1
          continue
        }
        if symbol == 256 { return true }
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
        guard distance <= count else {
          throw Inflate.failure(
            "khoảng cách trỏ ra trước đầu dữ liệu", "a distance reaches before the start")
        }
        guard total + length <= limit else { throw tooLarge() }
        let from = buffer + count - distance
        let to = buffer + count
        if distance >= length {
          to.update(from: from, count: length)
        } else {
          // Byte by byte: the match overlaps what it is copying.
          for offset in 0..<length { to[offset] = from[offset] }
        }
        count += length
        total += length
      }
      return false
    }

    /// A block with its own codes, themselves coded in its header.
    mutating func dynamic() throws(Failure) {
      let literalCount = try bits(5) + 257
      let distanceCount = try bits(5) + 1
      let lengthCodeCount = try bits(4) + 4
      guard literalCount <= 286, distanceCount <= 30 else {
        throw Inflate.failure("số mã quá lớn", "too many codes")
      }
      let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
      var lengths = [Int](repeating: 0, count: 19)
      for index in 0..<lengthCodeCount { lengths[order[index]] = try bits(3) }
      let lengthCode = Code(lengths[...])
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
      let literals = Code(lengths[..<literalCount])
      // Incomplete codes are allowed only for a single code of length 1 (RFC 1951, as zlib).
      if literals.left < 0
        || (literals.left > 0 && literalCount != literals.counts[0] + literals.counts[1])
      {
        throw Inflate.failure("bảng mã ký tự không hợp lệ", "an invalid literal/length code")
      }
      let distances = Code(lengths[literalCount...])
      if distances.left < 0
        || (distances.left > 0 && distanceCount != distances.counts[0] + distances.counts[1])
      {
        throw Inflate.failure("bảng mã khoảng cách không hợp lệ", "an invalid distance code")
      }
      phase = .codes(literals, distances)
    }
  }
}
