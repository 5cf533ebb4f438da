extension JSONOutput {
  /// The members of an object, kept in the order they are written: by key, in the byte order of
  /// their UTF-8. Written as a dictionary literal (`["id": .int(1), "name": …]`), in any order; a
  /// key given again replaces the earlier value, as in a dictionary. Keeping the order as they
  /// are added (a handful per object) costs less than hashing them into a dictionary and sorting
  /// them for every write.
  public struct Members: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The members, sorted by key.
    public private(set) var list: [(key: String, value: JSONOutput)] = []

    public init(dictionaryLiteral elements: (String, JSONOutput)...) {
      list.reserveCapacity(elements.count)
      // An insertion sort as they come (a literal has a handful, nearly never repeated).
      for (key, value) in elements {
        var index = list.endIndex
        while index > 0, key < list[index - 1].key { index -= 1 }
        if index > 0, list[index - 1].key == key {
          list[index - 1].value = value
        } else if index == list.endIndex {
          list.append((key, value))
        } else {
          list.insert((key, value), at: index)
        }
      }
    }

    /// The value of `key`; setting `nil` removes the member.
    public subscript(key: String) -> JSONOutput? {
      get { list.first { $0.key == key }?.value }
      set {
        // Keys compare in String order, which for keys in NFC (ASCII names in the code, codes
        // and names from data, all normalised when read) is the byte order of their UTF-8.
        let index = list.firstIndex { !($0.key < key) } ?? list.endIndex
        let exists = index < list.endIndex && list[index].key == key
        switch (newValue, exists) {
        case (let value?, true): list[index].value = value
        case (let value?, false): list.insert((key, value), at: index)
        case (nil, true): list.remove(at: index)
        case (nil, false): break
        }
      }
    }

    /// The keys, in order.
    public var keys: [String] { list.map(\.key) }

    public static func == (lhs: Members, rhs: Members) -> Bool {
      lhs.list.count == rhs.list.count
        && zip(lhs.list, rhs.list).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
  }
}
