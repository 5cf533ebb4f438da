import Testing

@testable import YTXAFormats
@testable import YTXAKit

/// The pass rule: total ≥ 80 % of the applicable maximum, every criterion ≥ 50 %, no knock-out
/// at 0. Sets are built from yes/no indicators so each total is exact and obvious.
@Suite struct PassRuleTests {
  typealias T = TestSets

  @Test("exactly 80 of 100 passes")
  func exactly80() throws {
    // C1: 40 yes + 10 no = 40/50; C2: 40 yes + 10 no = 40/50; total 80/100: 8000 ≥ 80 × 100.
    let set = try T.set([[T.yesNo("40"), T.yesNo("10")], [T.yesNo("40"), T.yesNo("10")]])
    let result = try T.score(set, #""1": true, "2": false, "3": true, "4": false"#)
    #expect(result.total == Points(80))
    #expect(result.maximum == Points(100))
    #expect(result.hasPassed)
    #expect(result.reasons.isEmpty)
  }

  @Test("79.5 of 100 fails on the total only")
  func seventyNineAndAHalf() throws {
    // C1: 39.5 yes + 10.5 no = 39.5/50 (79 % ≥ 50 %); C2: 40/50; total 79.5: 7950 < 8000.
    let set = try T.set([[T.yesNo("39.5"), T.yesNo("10.5")], [T.yesNo("40"), T.yesNo("10")]])
    let result = try T.score(set, #""1": true, "2": false, "3": true, "4": false"#)
    #expect(result.total == Points(halves: 159))
    #expect(!result.hasPassed)
    #expect(result.reasons == [.total])
    #expect(result.percent == ExactDecimal(mantissa: 795, scale: 1))  // 79.5 %
  }

  @Test("a criterion at exactly 50 % passes; just under fails")
  func criterionAtHalf() throws {
    // C1 (10 points): 5 yes + 5 no = 5/10 = 50 %; C2: 90/90; total 95/100.
    let set = try T.set([[T.yesNo("5"), T.yesNo("5")], [T.yesNo("90")]])
    let passing = try T.score(set, #""1": true, "2": false, "3": true"#)
    #expect(passing.hasPassed)
    #expect(passing.criteria[0].required == Points(5))
    // C1: 4.5 yes + 5.5 no = 4.5/10 = 45 %: 450 < 500. Total 94.5 still ≥ 80.
    let under = try T.set([[T.yesNo("4.5"), T.yesNo("5.5")], [T.yesNo("90")]])
    let failing = try T.score(under, #""1": true, "2": false, "3": true"#)
    #expect(failing.total == Points(halves: 189))
    #expect(failing.reasons == [.criterion("1")])
  }

  @Test("a knock-out at 0 fails a commune of 95 points")
  func knockout() throws {
    // 95 yes + knock-out 5 no: 95/100 ≥ 80 %, C1 95 % ≥ 50 %, but the knock-out is 0.
    let set = try T.set([[T.yesNo("95"), T.yesNo("5", knockout: true)]])
    let result = try T.score(set, #""1": true, "2": false"#)
    #expect(result.total == Points(95))
    #expect(result.reasons == [.knockout("2")])
    // A missing knock-out counts as 0 too.
    let missing = try T.score(set, #""1": true"#)
    #expect(missing.reasons == [.knockout("2")])
    #expect(missing.indicators[1].status == .missing)
  }

  @Test("not-applicable indicators shrink the maximum: 78.5 of 98 passes, 78 of 98 fails")
  func notApplicableShrinksMaximum() throws {
    let set = try T.set([
      [
        T.yesNo("78.5"), T.yesNo("19.5"),
        T.ratio("2", bands: #""bands": [{"threshold": 50, "points": 2}]"#, zeroDenominator: true),
      ]
    ])
    // 78.5/98: 7850 ≥ 80 × 98 = 7840 → passes.
    let zeroDenominator = try T.score(
      set, #""1": true, "2": false, "3": {"numerator": 0, "denominator": 0}"#)
    #expect(zeroDenominator.maximum == Points(98))
    #expect(zeroDenominator.hasPassed)
    #expect(zeroDenominator.indicators[2].status == .notApplicable)
    #expect(zeroDenominator.indicators[2].maximum == Points(2))  // keeps its own points
    // 80 % of 98 = 78.4, rounded up to a half point: 78.5 = 157 halves.
    #expect(zeroDenominator.requiredTotal == Points(halves: 157))
    let declared = try T.score(set, #""1": true, "2": false, "3": {"notApplicable": "none"}"#)
    #expect(declared.hasPassed)
    // Scored instead: 78.5/100 → 7850 < 8000 fails.
    let counted = try T.score(
      set, #""1": true, "2": false, "3": {"numerator": 0, "denominator": 4}"#)
    #expect(counted.maximum == Points(100))
    #expect(counted.reasons == [.total])
    // 78/98: 7800 < 7840 fails.
    let set78 = try T.set([
      [
        T.yesNo("78"), T.yesNo("20"),
        T.ratio("2", bands: #""bands": [{"threshold": 50, "points": 2}]"#, zeroDenominator: true),
      ]
    ])
    #expect(
      try !T.score(set78, #""1": true, "2": false, "3": {"notApplicable": "none"}"#).hasPassed)
  }

  @Test("an indicator not applicable to the commune type is ignored with a warning")
  func notApplicableByType() throws {
    let set = try T.set([[T.yesNo("90"), T.yesNo("10", notApplicableTo: ["phuong"])]])
    let ward = try T.score(set, #""1": true, "2": false"#, type: "phuong")
    #expect(ward.maximum == Points(90))
    #expect(ward.hasPassed)
    #expect(ward.indicators[1].notApplicableCause == .communeType(.phuong))
    #expect(ward.warnings.contains { $0.contains("indicator 2") })
    let commune = try T.score(set, #""1": true, "2": false"#, type: "xa")
    #expect(commune.maximum == Points(100))
  }

  @Test("a criterion whose indicators are all not applicable is skipped")
  func skippedCriterion() throws {
    let set = try T.set([[T.yesNo("90")], [T.yesNo("10", notApplicableTo: ["phuong"])]])
    let ward = try T.score(set, #""1": true"#, type: "phuong")
    #expect(ward.criteria[1].isSkipped)
    #expect(ward.criteria[1].hasPassed)
    #expect(ward.hasPassed)
  }

  @Test("total, criterion and knock-out reasons are listed in that order")
  func reasonOrder() throws {
    let set = try T.set([[T.yesNo("50")], [T.yesNo("40"), T.yesNo("10", knockout: true)]])
    let result = try T.score(set, #""1": true, "2": false, "3": false"#)
    #expect(result.reasons == [.total, .criterion("2"), .knockout("3")])
  }
}

/// Reports word the reasons from the set's pass rule, never from typed percentages.
@Suite struct PhrasebookTests {
  @Test("short and full reasons follow the set's pass rule in both languages")
  func reasonsFollowTheRule() throws {
    var set = try TestSets.set([[TestSets.yesNo("40"), TestSets.yesNo("60")]])
    set.passRule.totalPercent = ExactDecimal(mantissa: 755, scale: 1)
    set.passRule.criterionPercent = ExactDecimal(60)
    let vi = Phrasebook(.vi)
    let en = Phrasebook(.en)
    #expect(vi.shortReason(.total, rule: set.passRule) == "tổng điểm dưới 75,5%")
    #expect(en.shortReason(.criterion("1"), rule: set.passRule) == "criterion 1 under 60%")
    #expect(vi.shortReason(.criterion("1"), rule: nil) == "tiêu chí 1 dưới ngưỡng")
    let result = try TestSets.score(set, #""1": true, "2": false"#)
    #expect(result.reasons.contains(.total))
    #expect(vi.reason(.total, in: result, criteria: set).contains("dưới 75,5%"))
    #expect(en.reason(.total, in: result, criteria: set).contains("under 75.5%"))
  }
}
