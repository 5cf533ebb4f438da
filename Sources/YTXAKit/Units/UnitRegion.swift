extension UnitRegistry {
  /// The last day of the 63 provinces (the provinces were merged into 34 on 1 July 2025): the
  /// day whose province codes a region's ``CriteriaSet/Region/provinces`` list.
  public static let lastDayOf63Provinces = Day(year: 2025, month: 6, day: 30)!

  /// The provinces a unit lay in on 30/06/2025, or before: its own when it was in force then
  /// or earlier, else those of the units it was formed from (followed back a few steps).
  public func formerProvinces(of index: Int) -> Set<String> {
    var found: Set<String> = []
    var pending = [(index, 0)]
    var seen: Set<Int> = []
    while let (current, depth) = pending.popLast() {
      guard seen.insert(current).inserted, units.indices.contains(current) else { continue }
      let unit = units[current]
      if unit.certainFirstDay.map({ $0 <= Self.lastDayOf63Provinces }) ?? true {
        found.insert(unit.province.code.digits)
      } else if depth < 4 {
        pending += unit.predecessors.map { ($0.unit, depth + 1) }
      }
    }
    return found
  }
}

extension CriteriaSet {
  /// The region of a registry unit, from the provinces it lay in until 30/06/2025
  /// (``UnitRegistry/formerProvinces(of:)``) and the set's ``Region/provinces``; `nil` when
  /// they do not give one region (a unit formed across two regions, a province no region
  /// lists). Only a template's prefill uses this; the department checks it.
  public func region(ofUnit index: Int, in registry: UnitRegistry) -> String? {
    let found = Set(
      registry.formerProvinces(of: index).compactMap { province in
        regions.first { $0.provinces.contains(province) }?.code
      })
    return found.count == 1 ? found.first : nil
  }
}
