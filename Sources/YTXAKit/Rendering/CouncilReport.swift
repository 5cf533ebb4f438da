import YTXAFormats

/// The papers of a council round (`ytxa council --format html`), in the layout of Vietnamese
/// administrative documents (Nghị định 30/2020/NĐ-CP: the issuing body and number on the left,
/// the national motto and the place and date on the right, the title, the body, the recipients
/// and signatures): a one-page summary for the provincial People's Committee, the list proposed
/// for recognition and the list proposed for withdrawal, then the appraisal minutes of each
/// commune. What only people can fill (numbers, the place and date of signing, signatures) is
/// left blank, never invented.
public struct CouncilReport: Sendable {
  public let round: CouncilRound
  public let language: Language
  public let issued: Day
  /// The submissions whose evidence could not be read (listed with their reasons, so that the
  /// commune learns why) and the rows left unfilled.
  package var unread = UnreadInputs()
  /// The evidence files the round was read from, with their SHA-256: listed on the last page
  /// ("Nguồn dữ liệu"), never in the body of a paper.
  package var evidenceFiles: [(path: String, sha256: String)] = []

  public init(round: CouncilRound, language: Language = .vi, issued: Day) {
    self.round = round
    self.language = language
    self.issued = issued
  }

  private var province: String {
    let names = Set(round.entries.compactMap { $0.check.result.commune.province?.name })
    return names.count == 1 ? names.first! : "……………"
  }

  public func html() -> String {
    let l = language
    var body = [summary(), lists()]
    if !unread.isEmpty {
      body.append("<section class=\"sheet\">" + unread.html(l) + "</section>")
    }
    for entry in round.entries { body.append(minutes(entry)) }
    body.append(sources())
    return HTML.page(
      title: l.pick("Hồ sơ thẩm định", "Appraisal papers")
        + (round.round.map(roundInWords) ?? ""),
      body: body.joined(separator: "\n"), language: l)
  }

  /// The block above every document: who issues it and its number; the motto, place and date.
  private func header(_ kind: String) -> String {
    HTML.documentHeader(
      province: province == "……………" ? "" : province,
      office: ("HỘI ĐỒNG THẨM ĐỊNH", "APPRAISAL COUNCIL"),
      kind: language.pick("\(kind)-HĐTĐ", kind), issued: nil, language: language)
  }

  private func signatures(_ roles: [String]) -> String {
    HTML.signatures(roles, dated: false, language: language)
  }

  private func madeBy() -> String {
    "<p class=\"meta\">"
      + HTML.escape(
        language.pick("Lập bằng ytxa ngày ", "Drawn up with ytxa on ")
          + Phrasebook(language).date(issued) + ". "
          + (round.entries.first.map { Phrasebook(language).setTitle($0.criteria) + ". " } ?? "")
          + language.pick("Nguồn dữ liệu: trang cuối.", "Sources: the last page."))
      + "</p>"
  }

  /// The last page: what the papers rest on, for whoever checks them (the criteria files with
  /// their SHA-256 and provenance note, each evidence file with its SHA-256), kept out of the
  /// body of the papers the People's Committee reads.
  private func sources() -> String {
    let e = HTML.escape
    let l = language
    let phrases = Phrasebook(l)
    var sets: [CriteriaSet] = []
    for entry in round.entries where !sets.contains(where: { $0.id == entry.criteria.id }) {
      sets.append(entry.criteria)
    }
    var html =
      "<section class=\"sheet\"><h2>" + e(l.pick("Nguồn dữ liệu", "Sources")) + "</h2>"
    for set in sets {
      html +=
        "<p>" + e(phrases.setTitle(set)) + "</p><p class=\"note\">" + e(phrases.provenance(set))
        + "</p>"
    }
    if !evidenceFiles.isEmpty {
      html +=
        "<div class=\"wrap\"><table><thead><tr><th>"
        + e(l.pick("Tệp số liệu", "Evidence file")) + "</th><th>SHA-256</th></tr></thead><tbody>"
        + evidenceFiles.map {
          "<tr><td>\(e($0.path))</td><td class=\"meta\">\(e($0.sha256))</td></tr>"
        }
        .joined() + "</tbody></table></div>"
    }
    return html
      + "<p class=\"meta\">"
      + e(l.pick("Lập bằng ytxa ngày ", "Drawn up with ytxa on ") + phrases.date(issued) + ".")
      + "</p></section>"
  }

  /// (c) The one-page summary for the provincial People's Committee.
  private func summary() -> String {
    let e = HTML.escape
    let l = language
    let passing = round.entries.count { $0.check.result.hasPassed }
    let byKind = { (kind: CouncilRound.Kind) in round.proposed.count { $0.kind == kind } }
    var html =
      "<section class=\"sheet\">" + header("BC")
      + "<h1 class=\"doc\">"
      + e(l.pick("BÁO CÁO", "REPORT")) + "<br><span>"
      + e(
        l.pick(
          "Kết quả thẩm định xã đạt chuẩn quốc gia về y tế",
          "Results of the appraisal of communes against the national health criteria"))
      + (round.round.map { e(roundInWords($0)) } ?? "") + "</span></h1>"
      + "<p>"
      + e(
        province == "……………"
          ? l.pick("Kính gửi: Ủy ban nhân dân tỉnh ……………", "To: the People's Committee of ……………")
          : l.pick(
            "Kính gửi: Ủy ban nhân dân \(province.prefix(1).lowercased() + province.dropFirst()).",
            "To: the People's Committee of \(province)."))
      + "</p><ul>"
    var lines = [
      l.pick(
        "Số xã được thẩm định: \(round.entries.count).",
        "Communes appraised: \(round.entries.count)."),
      l.pick(
        "Số xã đạt chuẩn: \(passing); chưa đạt: \(round.entries.count - passing).",
        "Meeting the standard: \(passing); not meeting it: \(round.entries.count - passing)."),
      l.pick(
        "Đề nghị công nhận: \(round.proposed.count) (mới \(byKind(.new)), công nhận lại "
          + "\(byKind(.again)), duy trì \(byKind(.maintained))).",
        "Proposed for recognition: \(round.proposed.count) (new \(byKind(.new)), again "
          + "\(byKind(.again)), maintained \(byKind(.maintained)))."),
      l.pick(
        "Đề nghị thu hồi quyết định công nhận: \(round.withdrawals.count).",
        "Proposed for withdrawal of recognition: \(round.withdrawals.count)."),
      round.source.sentence(l),
    ]
    if let policy = round.policy { lines.append(policy.sentence(l, namingOption: false)) }
    if unread.rejectedCount > 0 {
      lines.append(
        l.pick(
          "Hồ sơ không đọc được, chưa thẩm định: \(unread.rejectedCount) (danh sách và lý do kèm theo).",
          "Submissions that could not be read, not appraised: \(unread.rejectedCount) (listed with "
            + "their reasons)."))
    }
    if unread.unfilled.count > 0 {
      lines.append(
        l.pick(
          "Dòng chưa điền trong bảng gửi về: \(unread.unfilled.count).",
          "Rows not filled in in the tables sent: \(unread.unfilled.count)."))
    }
    html += lines.map { "<li>" + e($0) + "</li>" }.joined() + "</ul><p>"
    html += e(
      l.pick(
        "Danh sách kèm theo; biên bản thẩm định của từng xã ở các trang sau.",
        "The lists follow; each commune's appraisal minutes are on the pages after."))
    html +=
      "</p><div class=\"recipients\"><p><strong><em>" + e(l.pick("Nơi nhận:", "Recipients:"))
      + "</em></strong></p><p>" + e(l.pick("- UBND tỉnh;", "- provincial People's Committee;"))
      + "<br>" + e(l.pick("- Sở Y tế;", "- Department of Health;")) + "<br>"
      + e(l.pick("- Lưu: VT.", "- Archive.")) + "</p></div>"
      + signatures([l.pick("CHỦ TỊCH HỘI ĐỒNG", "CHAIR OF THE COUNCIL")]) + madeBy() + "</section>"
    return html
  }

  /// `2025-12` as people write a round: `đợt tháng 12 năm 2025`.
  private func roundInWords(_ round: String) -> String {
    let parts = round.split(separator: "-")
    guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]) else {
      return language.pick(" đợt \(round)", " round \(round)")
    }
    return language.pick(" đợt tháng \(month) năm \(year)", " round of \(month)/\(year)")
  }

  /// (b) The list proposed for recognition and the list proposed for withdrawal.
  private func lists() -> String {
    let e = HTML.escape
    let l = language
    func table(_ entries: [CouncilRound.Entry], last: String, value: (CouncilRound.Entry) -> String)
      -> String
    {
      guard !entries.isEmpty else { return "<p>" + e(l.pick("Không có.", "None.")) + "</p>" }
      var html =
        "<div class=\"wrap\"><table><thead><tr><th>" + e(l.pick("STT", "No.")) + "</th><th>"
        + e(l.pick("Xã", "Commune")) + "</th><th>" + e(l.pick("Huyện", "District"))
        + "</th><th class=\"n\">" + e(l.pick("Điểm", "Total")) + "</th><th>" + e(last)
        + "</th></tr></thead><tbody>"
      for (index, entry) in entries.enumerated() {
        let result = entry.check.result
        html +=
          "<tr><td>\(index + 1)</td><td>\(e(result.commune.name)) "
          + "<span class=\"meta\">\(e(result.commune.code.digits))</span></td><td>"
          + e(result.commune.district?.name ?? "—") + "</td><td class=\"n\">"
          + e("\(l.format(result.total))/\(l.format(result.maximum))") + "</td><td>"
          + e(value(entry)) + "</td></tr>"
      }
      return html + "</tbody></table></div>"
    }
    let score = { (entry: CouncilRound.Entry) in
      ScoreTextReport(criteria: entry.criteria, language: l)
    }
    return "<section class=\"sheet\">" + header("DS") + "<h1 class=\"doc\">"
      + e(l.pick("DANH SÁCH", "LIST")) + "<br><span>"
      + e(
        l.pick(
          "Xã đề nghị công nhận đạt chuẩn quốc gia về y tế", "Communes proposed for recognition"))
      + "</span></h1>"
      + table(round.proposed, last: l.pick("Hình thức", "Kind")) { $0.kind?.word(in: l) ?? "" }
      + "<h1 class=\"doc\"><span>"
      + e(l.pick("Xã đề nghị thu hồi quyết định công nhận", "Communes proposed for withdrawal"))
      + "</span></h1>"
      + table(round.withdrawals, last: l.pick("Lý do", "Why")) { entry in
        entry.check.result.reasons.map { score(entry).reason($0, in: entry.check.result) }
          .joined(separator: "; ")
      }
      + "<h1 class=\"doc\"><span>"
      + e(
        l.pick(
          "Xã chưa đạt, đề nghị chưa công nhận", "Communes not meeting the criteria, not proposed"))
      + "</span></h1>"
      + table(round.notProposed, last: l.pick("Lý do", "Why")) { entry in
        entry.check.result.reasons.map { score(entry).reason($0, in: entry.check.result) }
          .joined(separator: "; ")
      }
      + signatures([l.pick("THƯ KÝ HỘI ĐỒNG", "SECRETARY"), l.pick("CHỦ TỊCH HỘI ĐỒNG", "CHAIR")])
      + "</section>"
  }

  /// (a) One commune's appraisal minutes.
  private func minutes(_ entry: CouncilRound.Entry) -> String {
    let e = HTML.escape
    let l = language
    let result = entry.check.result
    let sheet = CheckHTMLReport(criteria: entry.criteria, language: l)
    var html =
      "<section class=\"sheet\">" + header("BB") + "<h1 class=\"doc\">"
      + e(l.pick("BIÊN BẢN THẨM ĐỊNH", "APPRAISAL MINUTES")) + "<br><span>"
      + e(
        l.pick("Kết quả thực hiện Bộ tiêu chí quốc gia về y tế xã của ", "Health criteria of ")
          + result.commune.name) + "</span></h1>"
    // What only the meeting can say is left blank, to be filled by hand.
    html +=
      "<div class=\"blanks\"><p>"
      + e(
        l.pick(
          "Thời gian: …… giờ …… phút, ngày …… tháng …… năm ……",
          "Time: …… h ……, on ……/……/……"))
      + "</p><p>" + e(l.pick("Địa điểm: ……………………………………………", "Place: ……………………………………………"))
      + "</p><p>"
      + e(
        l.pick(
          "Thành viên Hội đồng có mặt: ……………………………………………………………………",
          "Council members present: ……………………………………………………………………"))
      + "</p><p>" + e(l.pick("Vắng mặt: ……………………………………………", "Absent: ……………………………………………"))
      + "</p></div>"
    html += (sheet.meta(result, forPapers: true) + sheet.verdict(result)).joined()
    if let kind = entry.kind {
      html += "<p>" + e(l.pick("Đề nghị: ", "Proposed: ") + kind.word(in: l)) + "</p>"
    } else if entry.withdraw {
      html +=
        "<p>"
        + e(
          entry.inForceBy.map { decision in
            l.pick("Đề nghị thu hồi công nhận (", "Proposed for withdrawal of the recognition (")
              + decision.reference(l, for: result.commune.code) + ")."
          }
            ?? l.pick(
              "Đề nghị thu hồi quyết định công nhận (công nhận từ năm \(entry.inForceSince ?? 0)).",
              "Proposed for withdrawal (recognised since \(entry.inForceSince ?? 0)).")) + "</p>"
    } else {
      html +=
        "<p>"
        + e(
          l.pick(
            "Đề nghị: chưa công nhận (chưa đạt chuẩn; lý do nêu trên).",
            "Proposed: not recognised (the criteria are not met; the reasons are above)."))
        + "</p>"
    }
    html +=
      "<div class=\"keep\"><h2>" + e(l.pick("Điểm theo tiêu chí", "Points by criterion"))
      + "</h2>" + sheet.criteriaTable(result) + "</div><h2>"
      + e(l.pick("Điểm và lý do từng chỉ tiêu", "Each indicator's points and reason")) + "</h2>"
      + sheet.indicatorTable(result)
    let warnings =
      entry.check.warnings.map { l.pick($0.message, $0.englishMessage) }
      + result.warnings.map { l($0) }
    if !warnings.isEmpty {
      html +=
        "<h2>" + e(l.pick("Cảnh báo và ghi chú số liệu", "Warnings and data notes")) + "</h2><ul>"
        + warnings.map { "<li>" + e($0) + "</li>" }.joined() + "</ul>"
    }
    html +=
      "<p>"
      + e(
        l.pick(
          "Biên bản kết thúc lúc …… giờ …… phút cùng ngày, đã được đọc lại cho các thành viên có "
            + "mặt và được nhất trí thông qua.",
          "The meeting closed at …… h …… the same day; these minutes were read out to the members "
            + "present and approved."))
      + "</p>"
    return html
      + signatures([
        l.pick("THƯ KÝ", "SECRETARY"), l.pick("CÁC THÀNH VIÊN", "MEMBERS"),
        l.pick("CHỦ TỊCH HỘI ĐỒNG", "CHAIR"),
      ]) + "</section>"
  }
}

extension CouncilReport {
  /// The round as JSON: per commune its result and what is proposed, then the two lists.
  package func jsonOutput() -> JSONOutput {
    let communes: [JSONOutput] = round.entries.map { entry in
      let result = entry.check.result
      var object: JSONOutput.Members = [
        "file": .string(result.file), "code": .string(result.commune.code.digits),
        "name": .string(result.commune.name.nfc), "year": .int(result.year),
        "total": .points(result.total), "max": .points(result.maximum),
        "passed": .bool(result.hasPassed), "withdraw": .bool(entry.withdraw),
        "recognisedBefore": .bool(entry.recognisedBefore),
      ]
      if let district = result.commune.district {
        object["district"] = .object([
          "code": .string(district.code.digits), "name": .string(district.name.nfc),
        ])
      }
      if let day = result.assessedOn { object["assessedOn"] = .string(day.iso) }
      if let kind = entry.kind { object["kind"] = .string(kind.rawValue) }
      if let since = entry.inForceSince { object["inForceSince"] = .int(since) }
      if let decision = entry.inForceBy {
        object["inForceBy"] = .object([
          "decision": .string(decision.decision), "signedOn": .string(decision.signedOn.iso),
        ])
      }
      return .object(object)
    }
    var members: JSONOutput.Members = [
      "issued": .string(issued.iso), "communes": .array(communes),
      "recognitionFrom": .string(round.source.rawValue),
      "onMerge": round.policy.map { .string($0.rawValue) } ?? .null,
      "proposed": .array(round.proposed.map { .string($0.check.result.commune.code.digits) }),
      "withdrawals": .array(round.withdrawals.map { .string($0.check.result.commune.code.digits) }),
    ]
    if let month = round.round { members["round"] = .string(month) }
    // The rules every result was scored with: each criteria file once, by its digest.
    var sources: [CriteriaSource] = []
    for entry in round.entries {
      if let source = entry.criteria.source, !sources.contains(source) { sources.append(source) }
    }
    members["criteriaFiles"] = .array(sources.map(\.jsonOutput))
    return .object(members)
  }
}
