import YTXAFormats

/// The plan's communes followed through the map's changes (interfaces §6): a plan district's
/// communes are the registry's units of that district on the roadmap's `unitsAsOf`, and on any
/// later day each one's territory lies in the units that succeeded it.
package struct PlanCoverage: Sendable {
  public let registry: UnitRegistry
  /// The plan communes (unit indices in force on `unitsAsOf`) of each plan district, in the
  /// roadmap's district order.
  public let planUnits: [(district: DistrictCode, units: [Int])]
  /// The plan district of each plan commune.
  public let districtOf: [Int: DistrictCode]

  /// The plan communes of `roadmap` on its `unitsAsOf` (`nil` when it gives none).
  public init?(roadmap: Roadmap, registry: UnitRegistry) {
    guard let day = roadmap.unitsAsOf else { return nil }
    self.registry = registry
    var planUnits: [(district: DistrictCode, units: [Int])] = []
    var districtOf: [Int: DistrictCode] = [:]
    for district in roadmap.districts {
      let units = registry.units(
        inForceOn: day, province: roadmap.provinceCode, district: district.code)
      planUnits.append((district.code, units))
      for unit in units { districtOf[unit] = district.code }
    }
    self.planUnits = planUnits
    self.districtOf = districtOf
  }

  /// The units in force on `day` that hold `unit`'s territory: itself while it is in force, else
  /// its successors' (a unit split between several gives all of them). Empty when the registry
  /// records no successor for a unit that ended.
  public func territory(of unit: Int, on day: Day) -> [Int] {
    Self.territory(of: unit, on: day, registry: registry)
  }

  /// The units in force on `day` that hold `unit`'s territory, in `registry`.
  public static func territory(of unit: Int, on day: Day, registry: UnitRegistry) -> [Int] {
    let record = registry.units[unit]
    if record.isInForce(on: day) { return [unit] }
    if let first = record.certainFirstDay, day < first { return [] }
    var found: [Int] = []
    for link in record.successors {
      for held in territory(of: link.unit, on: day, registry: registry) where !found.contains(held)
      {
        found.append(held)
      }
    }
    return found.sorted()
  }

  /// Whether a plan commune's territory lies, on `day`, wholly in recognised units.
  public func isCovered(_ unit: Int, on day: Day, by recognition: UnitRecognition) -> Bool {
    Self.isCovered(unit, on: day, by: recognition, registry: registry)
  }

  /// Whether `unit`'s territory lies, on `day`, wholly in units `recognition` recognises.
  public static func isCovered(
    _ unit: Int, on day: Day, by recognition: UnitRecognition, registry: UnitRegistry
  ) -> Bool {
    let held = territory(of: unit, on: day, registry: registry)
    return !held.isEmpty && held.allSatisfy { recognition.isRecognised($0, on: day) }
  }
}
