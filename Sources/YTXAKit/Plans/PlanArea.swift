import YTXAFormats

/// A plan's area on the registry: the units of its province or district in force on the plan's
/// date (its plan communes), and, for any later unit, whether its territory lies wholly inside
/// the area, straddles its edge, or lies outside (interfaces §7, item 3).
package struct PlanArea: Sendable {
  public let registry: UnitRegistry
  public let day: Day
  /// The plan communes: unit indices in force on ``day``, in registry order.
  public let units: [Int]
  private let members: Set<Int>

  /// Where a unit's territory lies against the area.
  public enum Placement: Sendable, Hashable {
    case inside
    /// Partly inside: it holds this many of the area's plan communes, and territory outside.
    case straddling(planCommunes: Int)
    case outside
  }

  public init(_ area: Plan.Area, registry: UnitRegistry) {
    self.registry = registry
    day = area.asOf
    units = registry.units(inForceOn: area.asOf, province: area.province, district: area.district)
    members = Set(units)
  }

  /// The units in force on the area's day whose territory `unit` holds: itself when it was in
  /// force then, else its predecessors', back to that day. Empty when the registry records no
  /// predecessor for a unit formed after the day.
  public func origins(of unit: Int) -> Set<Int> {
    let record = registry.units[unit]
    if record.isInForce(on: day) { return [unit] }
    if let first = record.certainFirstDay, first <= day { return [] }
    var found: Set<Int> = []
    for link in record.predecessors where link.unit != unit {
      found.formUnion(origins(of: link.unit))
    }
    return found
  }

  public func placement(of unit: Int) -> Placement {
    let origins = origins(of: unit)
    let inside = origins.intersection(members)
    if inside.isEmpty { return .outside }
    return inside.count == origins.count ? .inside : .straddling(planCommunes: inside.count)
  }

  /// The plan communes among `units`' origins.
  public func planCommunes(of unit: Int) -> Set<Int> { origins(of: unit).intersection(members) }

  /// Whether a plan commune's territory lies, at the end of `day`, wholly in recognised units.
  public func isCovered(_ unit: Int, on day: Day, by recognition: UnitRecognition) -> Bool {
    PlanCoverage.isCovered(unit, on: day, by: recognition, registry: registry)
  }
}
