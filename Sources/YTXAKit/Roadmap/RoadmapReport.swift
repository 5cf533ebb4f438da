import YTXAFormats

/// Renders roadmap progress: JSON (interfaces spec §3, with additions), a Vietnamese text table,
/// CSV and a self-contained HTML page.
public struct RoadmapReport: Sendable {
  public let progress: RoadmapProgress
  /// The criteria set the evidence was scored with (its unverified indicators and its file are
  /// named in every format).
  public let criteria: CriteriaSet?

  /// The language of the reports.
  public let language: Language
  /// Whether the evidence was resolved against the unit registry (`--units off`: not).
  public let unitsChecked: Bool
  /// The day the HTML report is issued (its date line; `nil`: left to fill by hand).
  package var issued: Day?

  public init(
    progress: RoadmapProgress, criteria: CriteriaSet?, language: Language = .vi,
    unitsChecked: Bool = true
  ) {
    self.progress = progress
    self.criteria = criteria
    self.language = language
    self.unitsChecked = unitsChecked
  }

  /// What the columns of the year tables mean (the text and the HTML report).
  var columnKey: String {
    language.pick(
      "Cột: KH = chỉ tiêu mới trong năm; LK = chỉ tiêu lũy kế; ĐC = số xã được công "
        + "nhận cuối năm; Mới = số xã mới được công nhận; Chênh = ĐC − LK; ĐV = số đơn vị hiện "
        + "nay giữ các xã của kế hoạch; ĐV-CN = số đơn vị đó được công nhận"
        + (hasAwaiting ? "; Chờ QĐ = số đơn vị đó đã đạt, chưa có quyết định công nhận." : "."),
      "Columns: Plan = new in the year; Cum = cumulative target; Rec = communes recognised at "
        + "the end of the year; New = newly recognised; Gap = Rec − Cum; Units = the units in "
        + "force holding the plan's communes; U-rec = how many of them are recognised"
        + (hasAwaiting ? "; Await = how many of them passed, no decision yet." : "."))
  }

  /// Whether the years count passes awaiting a decision (the register with evidence).
  var hasAwaiting: Bool { progress.province.contains { $0.passedAwaitingDecision != nil } }

  /// The register and the evidence compared (interfaces §9): the heading and one line each.
  var discrepancyLines: [String] {
    guard !progress.discrepancies.isEmpty else { return [] }
    let l = language
    return [
      l.pick(
        "ĐỐI CHIẾU SỔ QUYẾT ĐỊNH VỚI SỐ LIỆU (\(progress.discrepancies.count) điểm chênh, là cảnh "
          + "báo, không phải lỗi):",
        "THE REGISTER AGAINST THE EVIDENCE (\(progress.discrepancies.count) discrepancies, "
          + "warnings, not errors):")
    ] + progress.discrepancies.map { "  " + $0.sentence(l) } + [""]
  }

  /// One commune's timeline as a table.
  package func timelineText(_ commune: TrackedCommune) -> String {
    let l = language
    var lines = [
      l.pick("LỊCH SỬ CÔNG NHẬN: ", "RECOGNITION HISTORY: ")
        + "\(commune.name) (\(commune.code)), "
        + (commune.districtCode.map { "\(commune.districtName ?? "") (\($0))" }
          ?? l.pick("không có huyện", "no district")),
      "",
      l.pick("Năm", "Year").padded(to: 6) + l.pick("Đánh giá", "Assessed").padded(to: 10)
        + l.pick("Điểm", "Points").leftPadded(to: 10) + "  "
        + l.pick("Kết quả", "Result").padded(to: 10) + l.pick("Trạng thái", "Status"),
    ]
    for year in progress.timelines[commune.code] ?? [] where year.year <= progress.throughYear {
      let assessed = year.assessment != nil ? l.pick("có", "yes") : l.pick("không", "no")
      let points =
        year.assessment.map { "\(l.format($0.total))/\(l.format($0.maximum))" } ?? "—"
      let result =
        year.assessment.map { Phrasebook(l).shortVerdict(passed: $0.passed) }
        ?? "—"
      var status = year.status.word(in: l)
      if let last = year.lastPass, year.assessment == nil, year.status == .maintained {
        status += l.pick(" (đạt năm \(last), còn hiệu lực)", " (passed in \(last), still valid)")
      }
      lines.append(
        String(year.year).padded(to: 6) + assessed.padded(to: 10) + points.leftPadded(to: 10)
          + "  " + result.padded(to: 10) + status)
    }
    lines.append("")
    let years = criteria?.recognitionYears ?? 3
    lines.append(
      l.pick(
        "Quy tắc: đạt trong năm Y thì được công nhận cuối năm Y; được đánh giá lại mà không đạt thì "
          + "bị thu hồi; không đánh giá thì giữ công nhận tối đa \(years) năm kể từ năm đạt gần nhất.",
        "Rule: a pass in year Y is recognised at the end of Y; a new assessment that fails "
          + "withdraws it; without assessment it holds at most \(years) years from the last pass."))
    return lines.joined(separator: "\n") + "\n"
  }

  /// The department head's table.
  public func text() -> String {
    let l = language
    let roadmap = progress.roadmap
    var lines: [String] = [
      l.pick(
        "TIẾN ĐỘ THỰC HIỆN LỘ TRÌNH XÃ ĐẠT CHUẨN QUỐC GIA VỀ Y TẾ",
        "PROGRESS AGAINST THE ROADMAP OF COMMUNES MEETING THE NATIONAL HEALTH CRITERIA"),
      l.pick("Lộ trình: ", "Roadmap: ")
        + "\(roadmap.name) (\(roadmap.legalNumber), "
        + "\(Phrasebook(l).date(roadmap.legalDate)))",
    ]
    if let criteria {
      lines.append(Phrasebook(l).provenance(criteria))
    }
    if !unitsChecked { lines.append(Phrasebook(l).districtsAsOf(unitsChecked: false)) }
    if unitsChecked, let day = roadmap.unitsAsOf { lines.append(Phrasebook(l).planUnits(day)) }
    lines.append(
      UnitRecognition.sourceSentence(
        fromRegister: progress.recognition?.isFromRegister ?? false, l))
    if let recognition = progress.recognition { lines.append(recognition.policy.sentence(l)) }
    if let latest = progress.latestEvidenceYear {
      lines.append(
        l.pick(
          (progress.recognition?.isFromRegister == true
            ? "Số liệu hoặc quyết định mới nhất: năm \(latest). "
            : "Minh chứng mới nhất: năm \(latest). ")
            + "Các năm sau đó (đánh dấu *) là dự kiến: chỉ tính các "
            + "công nhận còn hiệu lực, chưa có kết quả đánh giá mới.",
          (progress.recognition?.isFromRegister == true
            ? "Latest evidence or decision: \(latest). " : "Latest evidence: \(latest). ")
            + "Later years (marked *) are projections: only recognitions "
            + "still valid are counted, with no new assessment yet."))
    }
    lines.append(columnKey)
    lines.append("")
    for row in progress.districts {
      lines += block(
        "\(row.district.name) (\(row.district.code)) — "
          + l.pick(
            "\(row.district.communes) xã, \(row.communesWithEvidence) có minh chứng",
            "\(row.district.communes) communes, \(row.communesWithEvidence) with evidence"),
        row.years)
    }
    lines += block(
      l.pick(
        "TOÀN TỈNH (\(roadmap.provinceName), \(roadmap.provinceCommunes) xã)",
        "WHOLE PROVINCE (\(roadmap.provinceName), \(roadmap.provinceCommunes) communes)"),
      progress.province)
    if let first = progress.lookAhead.first {
      lines.append(
        l.pick(
          "NĂM \(first.year): CẦN THÊM BAO NHIÊU XÃ ĐỂ ĐÚNG LỘ TRÌNH",
          "\(first.year): HOW MANY MORE COMMUNES TO STAY ON PLAN"))
      for item in progress.lookAhead { lines.append(lookAheadLine(item)) }
      lines.append("")
    }
    lines += discrepancyLines
    if !progress.unknownDistricts.isEmpty {
      lines.append(
        l.pick(
          "KHÔNG THUỘC LỘ TRÌNH (mã huyện không có trong kế hoạch, không được tính):",
          "NOT IN THE ROADMAP (district codes the plan does not have, not counted):"))
      for unknown in progress.unknownDistricts {
        lines.append(
          (unknown.code.map { l.pick("  huyện ", "  district ") + "\($0) \(unknown.name): " }
            ?? l.pick(
              "  không có huyện (đơn vị từ 01/07/2025): ",
              "  no district (units since 2025-07-01): "))
            + l.pick("xã ", "communes ") + unknown.communes.map(\.digits).joined(separator: ", "))
      }
      lines.append("")
    }
    return lines.joined(separator: "\n")
  }

  /// One table of the text report: a district's (or the province's) years.
  private func block(_ title: String, _ rows: [RoadmapProgress.YearRow]) -> [String] {
    let l = language
    var lines = [title]
    lines.append(
      "  " + l.pick("Năm", "Year").padded(to: 7) + l.pick("KH", "Plan").leftPadded(to: 4)
        + l.pick("LK", "Cum").leftPadded(to: 5) + l.pick("ĐC", "Rec").leftPadded(to: 5)
        + l.pick("Mới", "New").leftPadded(to: 5) + l.pick("Chênh", "Gap").leftPadded(to: 7)
        + (progress.coverage != nil
          ? l.pick("ĐV", "Units").leftPadded(to: 6) + l.pick("ĐV-CN", "U-rec").leftPadded(to: 6)
          : "")
        + (hasAwaiting ? l.pick("Chờ QĐ", "Await").leftPadded(to: 7) : "")
        + l.pick("  Đánh giá", "  Standing"))
    for row in rows {
      let year = String(row.year) + (row.isProjection ? "*" : "")
      let gap = Self.signed(row.gap)
      let units =
        row.unitsInForce.map { inForce in
          String(inForce).leftPadded(to: 6)
            + String(row.unitsRecognised ?? 0).leftPadded(to: 6)
        } ?? ""
      let awaiting = row.passedAwaitingDecision.map { String($0).leftPadded(to: 7) } ?? ""
      lines.append(
        "  " + year.padded(to: 7) + String(row.target).leftPadded(to: 4)
          + String(row.targetCumulative).leftPadded(to: 5)
          + String(row.attained).leftPadded(to: 5) + String(row.newlyAttained).leftPadded(to: 5)
          + gap.leftPadded(to: 7) + units + awaiting + "  " + row.standingWord(in: l))
    }
    lines.append("")
    return lines
  }

  /// One district's look-ahead: what it needs next year and whom to register.
  func lookAheadLine(_ item: RoadmapProgress.LookAhead) -> String {
    let l = language
    let name = progress.roadmap.district(item.districtCode)?.name ?? item.districtCode.digits
    var line =
      "  \(name): "
      + l.pick(
        "lũy kế \(item.targetCumulative), còn hiệu lực \(item.holding)",
        "cumulative \(item.targetCumulative), still valid \(item.holding)")
      + (item.expiring > 0
        ? l.pick(
          ", hết hạn nếu không đánh giá lại \(item.expiring)",
          ", expiring unless re-assessed \(item.expiring)") : "")
      + l.pick(" → cần thêm \(item.needed)", " → \(item.needed) more needed")
    // With units: the candidates, best first, until the plan communes they would add reach what
    // is needed; without: the needed number and two more.
    var shown = Array(item.candidates.prefix(max(item.needed, 1) + 2))
    if progress.coverage != nil {
      shown = []
      var added = 0
      for candidate in item.candidates where added < item.needed {
        shown.append(candidate)
        added += candidate.covers.first { $0.district == item.districtCode }?.communes ?? 0
      }
      if item.needed > 0, added < item.needed {
        line += l.pick(
          " (các đơn vị dưới đây chỉ phủ được \(added) xã)",
          " (the units below can cover only \(added))")
      }
    }
    if !shown.isEmpty {
      line +=
        l.pick("; nên đăng ký: ", "; to register: ")
        + shown.map { candidate in
          var facts: [String] = []
          if let total = candidate.total, let maximum = candidate.maximum {
            facts.append("\(l.format(total))/\(l.format(maximum))")
          } else {
            facts.append(l.pick("chưa có minh chứng", "no evidence yet"))
          }
          if let size = candidate.planSize {
            facts.append(
              l.pick("cần cải thiện \(size) CT", l.count(size, "", "indicator") + " to improve"))
          }
          if progress.coverage != nil {
            facts.append(
              l.pick("phủ ", "covers ")
                + candidate.covers.map { cover in
                  let name =
                    progress.roadmap.district(cover.district)?.name ?? cover.district.digits
                  return l.pick("\(cover.communes) xã \(name)", "\(cover.communes) of \(name)")
                }.joined(separator: " + "))
          }
          return "\(candidate.name) (\(candidate.code): " + facts.joined(separator: ", ") + ")"
        }.joined(separator: "; ")
    }
    return line
  }

  /// A gap as people read it: `+2`, `0`, `−2` (a minus sign, not a hyphen).
  static func signed(_ value: Int) -> String {
    value > 0 ? "+\(value)" : value < 0 ? "−\(-value)" : "0"
  }
}
