import YTXAFormats

/// What people read in a table of evidence: each column's name in their language, what a cell
/// takes, and the lists a spreadsheet offers. The keys row stays what `ytxa` reads; these are
/// words around it.
extension BatchCSV {
  /// A column's name for people: the commune columns by what they hold, an indicator column by
  /// its number and name (`3. Tỷ lệ … — tử số`).
  public static func columnLabel(_ key: String, _ criteria: CriteriaSet, _ l: Language) -> String {
    switch key {
    case "year": return l.pick("Năm đánh giá", "Assessment year")
    case "assessed_on":
      return l.pick("Ngày thẩm định (ngày/tháng/năm)", "Assessed on (day/month/year)")
    case "criteria_set": return l.pick("Bộ tiêu chí", "Criteria set")
    case "commune_code": return l.pick("Mã xã (5 chữ số)", "Commune code (5 digits)")
    case "commune_name": return l.pick("Tên xã", "Commune name")
    case "commune_type": return l.pick("Loại đơn vị", "Unit type")
    case "zone": return l.pick("Vùng (1, 2, 3)", "Zone (1, 2, 3)")
    case "region": return l.pick("Vùng kinh tế - xã hội", "Socio-economic region")
    case "district_code": return l.pick("Mã huyện (3 chữ số)", "District code (3 digits)")
    case "district_name": return l.pick("Tên huyện", "District name")
    case "province_code": return l.pick("Mã tỉnh (2 chữ số)", "Province code (2 digits)")
    case "province_name": return l.pick("Tên tỉnh", "Province name")
    default: break
    }
    let (id, part) = indicatorColumn(key)
    guard let indicator = criteria.indicator(id) else { return key }
    let name = "\(indicator.id). \(indicator.name(in: l))"
    switch part {
    case "num": return name + l.pick(" — tử số", " — numerator")
    case "den": return "\(indicator.id)" + l.pick(" — mẫu số", " — denominator")
    case "docs": return "\(indicator.id)" + l.pick(" — tài liệu minh chứng", " — documents")
    default: return name
    }
  }

  /// An indicator column's indicator and part (`num`, `den`, `docs`, or empty).
  private static func indicatorColumn(_ key: String) -> (id: String, part: String) {
    for part in ["num", "den", "docs"] where key.hasSuffix("_" + part) {
      return (String(key.dropLast(part.count + 1)), part)
    }
    return (key, "")
  }

  /// What a column's cell takes, in a sentence.
  public static func columnShape(_ key: String, _ criteria: CriteriaSet, _ l: Language)
    -> String
  {
    switch key {
    case "year": return l.pick("Năm, từ 2000 đến 2100.", "A year from 2000 to 2100.")
    case "assessed_on":
      return l.pick(
        "Không bắt buộc. Ngày/tháng/năm như 30/06/2025 (hoặc 2025-06-30, hoặc ô định dạng ngày); "
          + "dùng để xác định đơn vị hành chính vào ngày đó.",
        "Optional. Day/month/year as 30/06/2025 (or 2025-06-30, or a date cell); decides which "
          + "administrative unit the code names.")
    case "criteria_set":
      return l.pick("Không bắt buộc; để trống là ", "Optional; empty means ") + criteria.id + "."
    case "commune_code", "district_code", "province_code":
      return l.pick(
        "Mã theo danh mục hành chính, giữ các số 0 ở đầu (ô dạng văn bản).",
        "The code in the administrative list, leading zeros kept (a text cell).")
    case "commune_type":
      return l.pick("Một trong: ", "One of: ")
        + CommuneType.allCases.map(\.rawValue).joined(separator: ", ") + "."
    case "zone":
      return l.pick("Vùng theo khả năng tiếp cận: ", "Access zone: ")
        + criteria.zones.map(String.init).joined(separator: ", ") + "."
    case "region":
      return l.pick("Một trong: ", "One of: ")
        + criteria.regions.map { "\($0.code) (\($0.name))" }.joined(separator: ", ")
        + l.pick(
          ". Điền sẵn theo tỉnh của đơn vị (đến 30/06/2025) theo các vùng của Tổng cục Thống kê; "
            + "hãy kiểm tra.",
          ". Prefilled from the unit's province (until 30/06/2025) by the General Statistics "
            + "Office's regions; check it.")
    case "district_name", "province_name", "commune_name":
      return l.pick(
        "Tên; để trống mã và tên huyện nếu đơn vị không thuộc huyện nào.",
        "The name; leave the district code and name empty for a unit without a district.")
    default: break
    }
    let (id, part) = indicatorColumn(key)
    guard let indicator = criteria.indicator(id) else { return "" }
    let kad = l.pick(
      " KAD (hoặc 'KAD: lý do') nếu không áp dụng.", " KAD (or 'KAD: reason') if not applicable.")
    let missing = l.pick(" Để trống là thiếu minh chứng.", " Empty is missing evidence.")
    let declarable = indicator.notApplicable.allowsDeclaration ? kad : ""
    switch (part, indicator.kind) {
    case ("docs", _):
      return l.pick(
        "Tên các tài liệu minh chứng, cách nhau bởi '|'.",
        "The supporting documents, separated "
          + "by '|'.")
    case ("num", .ratio(let ratio)):
      return l.pick("Tử số (một số đếm, không phải tỷ lệ): ", "Numerator (a count, not a share): ")
        + ratio.numeratorLabel + "." + declarable
    case ("den", .ratio(let ratio)):
      return l.pick("Mẫu số (một số đếm): ", "Denominator (a count): ") + ratio.denominatorLabel
        + "." + declarable
    case (_, .yesNo):
      return l.pick("có hoặc không (cũng nhận x, 1, 0).", "yes (có) or no (không); also x, 1, 0.")
        + missing + declarable
    case (_, .choice(let options)):
      return l.pick("Một trong (ghi mã hoặc tên): ", "One of (the key or the label): ")
        + options.map { "\($0.key) (\($0.label))" }.joined(separator: "; ") + "." + missing
        + declarable
    case (_, .checklist(let items)):
      return l.pick(
        "Các mục đạt (mã hoặc tên), cách nhau bởi ';' (ghi - nếu không mục nào): ",
        "The items met (keys or labels), separated by ';' (write - for none): ")
        + items.map { "\($0.key) (\($0.label))" }.joined(separator: "; ") + "." + missing
        + declarable
    case (_, .count):
      return l.pick("Số nguyên ≥ 0.", "A whole number ≥ 0.") + missing + declarable
    case (_, .measure):
      return l.pick("Số ≥ 0 (dấu phẩy thập phân được).", "A number ≥ 0.") + missing + declarable
    default:
      return ""
    }
  }

  /// The template sheet's formats and lists: codes as text, the first five columns kept in view,
  /// lists for the unit type, zone, region, yes/no and choice cells, a prompt on every column.
  static func templateLayout(_ criteria: CriteriaSet, header: [String], language l: Language)
    -> Table.Layout
  {
    var layout = Table.Layout()
    layout.frozenColumns = header.firstIndex(of: "commune_name").map { $0 + 1 } ?? 0
    layout.blankRows = 500
    let kad = "KAD"
    for (column, key) in header.enumerated() {
      if key.hasSuffix("_code") || key == "assessed_on" { layout.textColumns.insert(column) }
      var choices: [String] = []
      switch key {
      case "commune_type": choices = CommuneType.allCases.map(\.rawValue)
      case "zone": choices = criteria.zones.map(String.init)
      case "region": choices = criteria.regions.map(\.code)
      default:
        if let indicator = criteria.indicator(key) {
          let declarable = indicator.notApplicable.allowsDeclaration ? [kad] : []
          switch indicator.kind {
          case .yesNo: choices = [l.pick("có", "yes"), l.pick("không", "no")] + declarable
          case .choice(let options): choices = options.map(\.key) + declarable
          default: break
          }
        }
      }
      layout.validations.append(
        Table.Validation(
          column: column, choices: choices, title: String(key.prefix(32)),
          prompt: columnShape(key, criteria, l)))
    }
    return layout
  }

  /// The explanation sheet: one row per column of the template, with its name, what it takes,
  /// and for an indicator its points, knock-out and whether its text is confirmed.
  static func guideTable(_ criteria: CriteriaSet, language l: Language) -> Table {
    let header = ["column", "name", "takes", "points", "knockout", "source"]
    var table = Table(
      header: header,
      labels: [
        l.pick("Cột", "Column"), l.pick("Tên", "Name"), l.pick("Cách điền", "What to enter"),
        l.pick("Điểm tối đa", "Points"), l.pick("Điểm liệt", "Knock-out"),
        l.pick("Nguồn", "Source"),
      ])
    for key in communeColumns + columnNames(criteria) {
      let (id, part) = indicatorColumn(key)
      let indicator = part == "docs" ? nil : criteria.indicator(id)
      table.rows.append([
        .text(key), .text(columnLabel(key, criteria, l)), .text(columnShape(key, criteria, l)),
        .number(part == "den" ? "" : indicator.map { $0.points.description } ?? ""),
        .text(indicator?.isKnockout == true && part != "den" ? l.pick("có", "yes") : ""),
        .text(
          indicator.map {
            $0.provenance.status == .confirmed
              ? l.pick("đã đối chiếu", "confirmed")
              : l.pick("dựng lại, chưa đối chiếu", "reconstructed, unverified")
          } ?? ""),
      ])
    }
    let notes = [
      l.pick(
        "Dòng 1 là tên cột cho người đọc; dòng 2 là khóa cột mà ytxa đọc: đừng sửa dòng 2.",
        "Row 1 names the columns for people; row 2 holds the keys ytxa reads: do not edit row 2."),
      l.pick(
        "Mỗi dòng sau đó là một xã trong một năm. Ô trống là thiếu minh chứng.",
        "Each row after them is one commune in one year. An empty cell is missing evidence."),
      l.pick(
        "Kiểm tra: ytxa check tệp.xlsx; chấm cả tỉnh: ytxa batch thư-mục --out kết-quả.",
        "Check: ytxa check file.xlsx; a whole province: ytxa batch folder --out results."),
    ]
    for note in notes { table.rows.append([.text(""), .text(note)]) }
    return table
  }
}
