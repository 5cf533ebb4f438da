import Foundation
import YTXAFormats
import YTXAKit

/// The province's progress beyond the roadmap: each bundled plan of its province evaluated from
/// the communes' latest submissions (`ytxa plan`), and the May re-evaluation (`ytxa batch` over
/// every recognised commune's latest submission, its outputs and manifest as one .zip).
extension ServeApp {
  static let progressRoutes: [Route] = [
    Route(
      method: .get, path: "/plans", access: .signedIn([.province, .council]), isAPI: false,
      needsCSRF: false
    ) { app, context in app.plansPage(context) },
    Route(
      method: .get, path: "/plan", access: .signedIn([.province, .council]), isAPI: false,
      needsCSRF: false
    ) { app, context in app.plan(context, format: "html") },
    Route(
      method: .get, path: "/api/plan.xlsx", access: .signedIn([.province, .council]),
      isAPI: true, needsCSRF: false
    ) { app, context in app.plan(context, format: "xlsx") },
    Route(
      method: .get, path: "/api/plan.csv", access: .signedIn([.province, .council]),
      isAPI: true, needsCSRF: false
    ) { app, context in app.plan(context, format: "csv") },
    Route(
      method: .get, path: "/api/reevaluation.zip", access: .signedIn([.province]), isAPI: true,
      needsCSRF: false
    ) { app, context in app.reevaluation(context) },
  ]

  /// `latest/CODE.json` for `submission`, while it is its commune's latest: the file as `ytxa
  /// score --format evidence` writes it back (a table's row becomes an evidence file), which
  /// `ytxa plan` and `ytxa batch` read from a folder.
  func keepLatest(_ submission: Submission) {
    latestLock.withLock {
      guard store.submissions.last(where: { $0.unit == submission.unit }) == submission else {
        return
      }
      let made = engine.run([
        "score", enginePath(store.path(of: submission)), "--format", "evidence",
      ])
      guard made.code == 0 else { return }
      store.writeLatest(unit: submission.unit, made.out)
    }
  }

  /// Makes `latest/` again from the log (at every start).
  func rebuildLatest() {
    try? FileManager.default.removeItem(atPath: store.latestFolder)
    var latest: [String: Submission] = [:]
    for submission in store.submissions { latest[submission.unit] = submission }
    for submission in latest.values { keepLatest(submission) }
  }

  /// The bundled plans whose area lies in the store's province: id and name.
  func plans() -> [(id: String, name: String)] {
    Self.bundledPlans.filter { $0.province == store.province }.map { ($0.id, $0.name) }
  }

  /// Every bundled plan with its area's province, read once (the bundle does not change while
  /// the server runs).
  static let bundledPlans: [(id: String, name: String, province: ProvinceCode)] = {
    let bundle = BundledFiles()
    guard let manifest = try? bundle.manifest(),
      let criteria = try? bundle.criteriaSet(id: "qd-1300-2023")
    else { return [] }
    return manifest.plans.keys.sorted().compactMap { id in
      guard let (path, _) = try? bundle.planPath(id: id),
        let plan = try? Plan(contentsOf: URL(fileURLWithPath: path), criteria: criteria)
      else { return nil }
      return (id, plan.name, plan.area.province)
    }
  }()

  func plansPage(_ context: Context) -> HTTPResponse {
    let e = HTML.escape
    let l = context.language
    guard isOfStore(context.account!) else {
      return refusal(404, l.pick("Không có trang này.", "No such page."), api: false, l)
    }
    var body =
      "<p class=\"meta\"><a href=\"/\">" + e(l.pick("Trang chính", "Home")) + "</a></p><h1>"
      + e(l.pick("Kế hoạch và đánh giá lại", "Plans and re-evaluation")) + "</h1>"
      + "<p class=\"meta\">"
      + e(
        l.pick(
          "Các chỉ tiêu của từng kế hoạch kèm theo của tỉnh, tính từ hồ sơ mới nhất của mỗi xã "
            + "và sổ quyết định (như 'ytxa plan').",
          "Each bundled plan of the province, its targets evaluated from every commune's latest "
            + "submission and the register (as 'ytxa plan' evaluates them).")) + "</p>"
    let list = plans()
    if list.isEmpty {
      body +=
        "<p>"
        + e(
          l.pick("Không có kế hoạch kèm theo cho tỉnh này.", "No bundled plan for this province."))
        + "</p>"
    } else {
      body += "<ul>"
      for plan in list {
        body +=
          "<li><a href=\"/plan?id=" + e(plan.id) + "\">" + e(plan.name) + "</a> (<a href=\""
          + "/api/plan.xlsx?id=" + e(plan.id) + "\">.xlsx</a>, <a href=\"/api/plan.csv?id="
          + e(plan.id) + "\">CSV</a>)</li>"
      }
      body += "</ul>"
    }
    if context.account!.role == .province {
      body +=
        "<h2>" + e(l.pick("Đánh giá lại tháng 5", "The May re-evaluation")) + "</h2><p>"
        + e(
          l.pick(
            "Chấm lại hồ sơ mới nhất của mọi xã đang được công nhận theo sổ quyết định hôm nay "
              + "('ytxa batch'): các kết quả và manifest trong một tệp .zip.",
            "Every commune recognised today by the register, its latest submission scored again "
              + "('ytxa batch'): the outputs and their manifest in one .zip."))
        + "</p><p><a href=\"/api/reevaluation.zip\">"
        + e(l.pick("Tải kết quả đánh giá lại (.zip)", "Download the re-evaluation (.zip)"))
        + "</a></p>"
    }
    return .html(200, ServePages.page(l.pick("Kế hoạch", "Plans"), body, l))
  }

  /// `ytxa plan --plan ID --evidence latest --register register` for a plan of the province.
  func plan(_ context: Context, format: String) -> HTTPResponse {
    let l = context.language
    let id = context.request.queryValue("id") ?? ""
    guard isOfStore(context.account!), plans().contains(where: { $0.id == id }) else {
      return refusal(
        404, l.pick("Không có kế hoạch này.", "No such plan."), api: format != "html", l)
    }
    guard !store.submissions.isEmpty else {
      return refusal(
        422, l.pick("Chưa có hồ sơ nào.", "No submission yet."), api: format != "html", l)
    }
    return download(
      context,
      [
        "plan", "--plan", id, "--evidence", enginePath(store.latestFolder), "--register",
        registerArgument(), "--format", format,
      ], state: "submissions:\(store.submissions.count) " + registerState)
  }

  /// The May re-evaluation: who the register recognises today, each one's latest submission
  /// scored again by `ytxa batch --out`, the folder it writes (outputs and manifest) as a .zip.
  func reevaluation(_ context: Context) -> HTTPResponse {
    let l = context.language
    guard isOfStore(context.account!) else {
      return refusal(
        403, l.pick("Tài khoản không thuộc tỉnh này.", "The account is not of this province."),
        api: true, l)
    }
    let shown = engine.run(["register", "show", registerArgument(), "--format", "json"])
    guard shown.code <= 1, case .array(let items)? = try? JSONParser.parse(shown.out) else {
      return refusal(500, Self.sentence(shown.err), api: true, l)
    }
    var codes: Set<String> = []
    for item in items {
      if case .object(let entry) = item, case .object(let commune)? = entry["commune"],
        case .string(let code)? = commune["code"]
      {
        codes.insert(code)
      }
    }
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: store.latestFolder)) ?? [])
      .filter { codes.contains(String($0.prefix(5))) && !$0.hasPrefix(".") }.sorted()
    guard !files.isEmpty else {
      return refusal(
        422,
        l.pick(
          "Không xã nào đang được công nhận có hồ sơ trong kho.",
          "No commune recognised today has a submission in the store."), api: true, l)
    }
    guard let nonce = SystemRandom.bytes(16) else { return .text(503, "no random bytes") }
    let work = store.folder + "/incoming/may-" + SHA256.hex(digest: nonce)
    defer { try? FileManager.default.removeItem(atPath: work) }
    let evidence = work + "/latest"
    do {
      try FileManager.default.createDirectory(
        atPath: evidence, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      for file in files {
        try FileManager.default.copyItem(
          atPath: store.latestFolder + "/" + file, toPath: evidence + "/" + file)
      }
    } catch {
      return refusal(
        500, l.pick("Không chuẩn bị được thư mục.", "The folder could not be prepared."),
        api: true, l)
    }
    let out = work + "/out"
    let batch = engine.run(
      ["batch", enginePath(evidence), "--out", enginePath(out), "--lang", l == .en ? "en" : "vi"])
    guard batch.code <= 1 else { return refusal(500, Self.sentence(batch.err), api: true, l) }
    var zip = ZipWriter()
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []).sorted()
    for name in names {
      guard case .success(let bytes) = FileSystem.read(out + "/" + name, limit: .table) else {
        continue
      }
      zip.add("danh-gia-lai/" + name, bytes)
    }
    guard let archive = try? zip.finished() else {
      return refusal(500, l.pick("Tệp .zip quá lớn.", "The .zip is too large."), api: true, l)
    }
    return HTTPResponse(
      status: 200,
      headers: [
        ("Content-Type", "application/zip"),
        ("Content-Disposition", "attachment; filename=\"danh-gia-lai.zip\""),
      ], body: archive)
  }
}
