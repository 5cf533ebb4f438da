import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// Exact-boundary cases for every evidence kind and both band directions. Each expected value is
/// worked out by hand in the comment beside it.
@Suite struct BoundaryTests {
  // One indicator per kind, each its own criterion so that points are easy to read off.
  static let set: CriteriaSet = {
    do {
      return try TestSets.set([
        // 1: ratio, ≥ 95 → 3, ≥ 90 → 2, ≥ 85 → 1
        [
          TestSets.ratio(
            "3",
            bands:
              #""bands": [{"threshold": 95, "points": 3}, {"threshold": 90, "points": 2}, {"threshold": 85, "points": 1}]"#
          )
        ],
        // 2: ratio, lower is better, ≤ 24 (TDMNPB) / ≤ 16.5 (DBSH) → 2
        [
          TestSets.ratio(
            "2",
            bands:
              #""bandsByRegion": {"TDMNPB": [{"threshold": 24, "points": 2}], "DBSH": [{"threshold": 16.5, "points": 2}]}"#,
            direction: "lowerIsBetter")
        ],
        // 3: count, ≥ 10 → 3, ≥ 8 → 2
        [
          TestSets.scale(
            "count", "3",
            bands: #""bands": [{"threshold": 10, "points": 3}, {"threshold": 8, "points": 2}]"#)
        ],
        // 4: count, lower is better, ≤ 0 → 2, ≤ 1 → 1
        [
          TestSets.scale(
            "count", "2",
            bands: #""bands": [{"threshold": 0, "points": 2}, {"threshold": 1, "points": 1}]"#,
            direction: "lowerIsBetter")
        ],
        // 5: measure by vùng, vùng 2: ≥ 500 → 2, ≥ 300 → 1; vùng 3: ≥ 300 → 2
        [
          TestSets.scale(
            "measure", "2",
            bands:
              #""bandsByZone": {"1": [{"threshold": 500, "points": 2}], "2": [{"threshold": 500, "points": 2}, {"threshold": 300, "points": 1}], "3": [{"threshold": 300, "points": 2}]}"#
          )
        ],
        // 6: per 100, lower is better, ≤ 109 → 2, ≤ 112 → 1
        [
          TestSets.ratio(
            "2",
            bands: #""bands": [{"threshold": 109, "points": 2}, {"threshold": 112, "points": 1}]"#,
            direction: "lowerIsBetter", unit: "per100")
        ],
        // 7: ratio ≥ 16.5 → 1 (higher is better, a fractional threshold)
        [TestSets.ratio("1", bands: #""bands": [{"threshold": 16.5, "points": 1}]"#)],
        // 8: choice, 9: checklist with half points, 10: yes/no
        [TestSets.options("choice", "3", [("co_huu", "3"), ("luan_phien", "2"), ("khong", "0")])],
        [TestSets.options("checklist", "2", [("a", "1"), ("b", "0.5"), ("c", "0.5")])],
        [TestSets.yesNo("2")],
      ])
    } catch {
      fatalError("test set does not load: \(error)")
    }
  }()

  func points(_ indicator: String, _ value: String, zone: Int = 2, region: String = "TDMNPB") throws
    -> Points
  {
    let result = try TestSets.score(
      Self.set, #""\#(indicator)": \#(value)"#, zone: zone, region: region)
    return try #require(result.indicators.first { $0.id == indicator }).points
  }

  func ratio(_ n: Int, _ d: Int) -> String { #"{"numerator": \#(n), "denominator": \#(d)}"# }

  @Test("≥ 95 %: 95/100 and 19/20 meet it, 949/1000 does not")
  func higherPercent() throws {
    #expect(try points("1", ratio(95, 100)) == Points(3))  // 95 × 100 = 9500 ≥ 95 × 100 = 9500
    #expect(try points("1", ratio(19, 20)) == Points(3))  // 19 × 100 = 1900 ≥ 95 × 20 = 1900
    #expect(try points("1", ratio(949, 1000)) == Points(2))  // 94 900 < 95 000; ≥ 90 000 → 2
    #expect(try points("1", ratio(9, 10)) == Points(2))  // 900 ≥ 90 × 10 = 900 → 2
    #expect(try points("1", ratio(849, 1000)) == .zero)  // 84.9 % under the lowest band 85 → 0
    #expect(try points("1", ratio(17, 20)) == Points(1))  // 1700 ≥ 85 × 20 = 1700 → 1
  }

  @Test("≤ 24 %: 24/100 meets it, 241/1000 does not; ≤ 16.5 %: 165/1000 and 33/200 meet it")
  func lowerPercentByRegion() throws {
    #expect(try points("2", ratio(24, 100)) == Points(2))  // 2400 ≤ 24 × 100 = 2400
    #expect(try points("2", ratio(241, 1000)) == .zero)  // 24 100 > 24 000
    #expect(try points("2", ratio(6, 25)) == Points(2))  // 600 ≤ 24 × 25 = 600
    // DBSH: 16.5 = 165/10; 165 × 100 × 10 = 165 000 ≤ 165 × 1000 = 165 000
    #expect(try points("2", ratio(165, 1000), region: "DBSH") == Points(2))
    // 33/200 = 16.5 %: 33 × 1000 = 33 000 ≤ 165 × 200 = 33 000
    #expect(try points("2", ratio(33, 200), region: "DBSH") == Points(2))
    // 166/1000 = 16.6 % > 16.5 %
    #expect(try points("2", ratio(166, 1000), region: "DBSH") == .zero)
    // The same 20 % passes in TDMNPB (≤ 24) and fails in DBSH (≤ 16.5).
    #expect(try points("2", ratio(1, 5)) == Points(2))
    #expect(try points("2", ratio(1, 5), region: "DBSH") == .zero)
  }

  @Test("≥ 16.5 %: 33/200 meets it, 329/2000 does not")
  func higherFractionalThreshold() throws {
    #expect(try points("7", ratio(33, 200)) == Points(1))  // 33 000 ≥ 165 × 200 = 33 000
    #expect(try points("7", ratio(329, 2000)) == .zero)  // 329 000 < 165 × 2000 = 330 000
  }

  @Test("counts: ≥ 10 and ≥ 8 at their edges; lower is better ≤ 0, ≤ 1")
  func counts() throws {
    #expect(try points("3", "10") == Points(3))
    #expect(try points("3", "9") == Points(2))  // 9 < 10, 9 ≥ 8
    #expect(try points("3", "8") == Points(2))
    #expect(try points("3", "7") == .zero)
    #expect(try points("4", "0") == Points(2))
    #expect(try points("4", "1") == Points(1))
    #expect(try points("4", "2") == .zero)
  }

  @Test("measures by vùng: 500 m² and 499.99 m², vùng 2 against vùng 3")
  func measures() throws {
    #expect(try points("5", "500") == Points(2))
    #expect(try points("5", "500.0") == Points(2))  // the same value written with a decimal
    #expect(try points("5", "499.99") == Points(1))  // 49 999 < 500 × 100; ≥ 300
    #expect(try points("5", "299.999999999") == .zero)  // nine decimals, still under 300
    #expect(try points("5", "300", zone: 3) == Points(2))  // vùng 3 needs only 300
    #expect(try points("5", "3e2", zone: 3) == Points(2))  // 3 × 10² = 300
  }

  @Test("per 100 (sex ratio at birth): 109/100 and 1090/1000 meet ≤ 109; 1091/1000 does not")
  func per100() throws {
    #expect(try points("6", ratio(109, 100)) == Points(2))  // 10 900 ≤ 109 × 100
    #expect(try points("6", ratio(1090, 1000)) == Points(2))
    #expect(try points("6", ratio(1091, 1000)) == Points(1))  // 109.1 > 109, ≤ 112
    #expect(try points("6", ratio(113, 100)) == .zero)
  }

  @Test("choice, checklist (half points) and yes/no")
  func discreteKinds() throws {
    #expect(try points("8", #""luan_phien""#) == Points(2))
    #expect(try points("8", #""khong""#) == .zero)
    #expect(try points("9", #"["a", "b"]"#) == Points(halves: 3))  // 1 + 0.5 = 1.5
    #expect(try points("9", #"["b", "c"]"#) == Points(1))  // 0.5 + 0.5
    #expect(try points("9", "[]") == .zero)
    #expect(try points("10", "true") == Points(2))
    #expect(try points("10", "false") == .zero)
  }

  @Test("the band applied and what chose it are kept with the result")
  func bandIsExplained() throws {
    let result = try TestSets.score(Self.set, #""5": 320"#, zone: 2)
    let item = try #require(result.indicators.first { $0.id == "5" })
    guard case .banded(let banded) = item.detail else {
      Issue.record("not banded")
      return
    }
    #expect(banded.band?.threshold == ExactDecimal(300))
    #expect(banded.selector == .zone(2))
    #expect(banded.nextBand?.threshold == ExactDecimal(500))
  }
}
