import YTXAFormats

/// Small helpers for the self-contained HTML reports (no external resources, inline CSS and SVG).
package enum HTML {
  /// Escapes text for element content and attribute values.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    // A hazard (a control, a bidirectional control, a noncharacter) is shown, never obeyed.
    for character in UnsafeText.visible(text.nfc, multiline: true) {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }

  /// The shared style: readable on a phone, printable on A4.
  public static let style = """
    :root{--ok:#1b7f3b;--bad:#b3261e;--ink:#1d1d1f;--mute:#5f6368;--line:#d0d4da}
    *{box-sizing:border-box}
    body{font-family:"Noto Sans","Segoe UI",Arial,sans-serif;color:var(--ink);margin:0 auto;
    max-width:60rem;padding:1rem;line-height:1.45;font-size:15px}
    h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.4rem 0 .4rem;
    border-bottom:2px solid var(--line);padding-bottom:.2rem}
    .meta{color:var(--mute);margin:.1rem 0;overflow-wrap:anywhere}.note{background:#fff4e5;border-left:4px solid #e8a33d;
    padding:.4rem .6rem;margin:.6rem 0;font-size:.9rem;overflow-wrap:anywhere}
    .verdict{font-size:1.15rem;font-weight:700;padding:.5rem .7rem;border-radius:6px;
    margin:.6rem 0}.pass{background:#e6f4ea;color:var(--ok)}.fail{background:#fce8e6;color:var(--bad)}
    table{border-collapse:collapse;width:100%;font-size:.9rem}
    th,td{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top}
    th{background:#f3f4f6}td.n,th.n{text-align:right;white-space:nowrap}
    .short{color:var(--bad);font-weight:600}.okc{color:var(--ok)}.proj{color:var(--mute)}
    .bar{position:relative;height:.9rem;background:#eceff1;border-radius:3px;min-width:6rem}
    .bar span{position:absolute;left:0;top:0;bottom:0;border-radius:3px;background:var(--ok)}
    .bar span.low{background:var(--bad)}.bar i{position:absolute;top:-.15rem;bottom:-.15rem;
    border-left:2px dashed var(--ink)}
    ol.plan li{margin:.35rem 0}.target{color:var(--mute)}
    .wrap{overflow-x:auto}
    @media (max-width:40rem){body{font-size:14px;padding:.5rem}.hide-s{display:none}}
    .signoff{display:flex;gap:1rem;margin-top:1.6rem;text-align:center;break-inside:avoid}
    .signoff div{flex:1;min-height:7rem}.signoff p{margin:.15rem 0}
    table.list td.v{white-space:nowrap}a{color:inherit}
    th.group{text-align:center;border-bottom:1px solid var(--line)}
    .nd30{display:flex;justify-content:space-between;gap:1rem;text-align:center;font-size:.9rem}
    .nd30 p{margin:.1rem 0}.motto{text-decoration:underline}
    h1.doc{text-align:center;font-size:1.2rem;margin:1rem 0 .8rem}h1.doc span{font-size:1rem}
    .recipients{font-size:.85rem}
    table.districts td:first-child{min-width:9rem}
    @media (max-width:40rem){.signoff,.nd30{flex-direction:column}
    .wrap td:first-child,.wrap th:first-child{position:sticky;left:0;background:#fff;z-index:1}
    .wrap th:first-child{background:#f3f4f6}}
    @media print{@page{size:A4;margin:14mm 14mm 16mm}body{max-width:none;padding:0;font-size:10.5pt}
    .verdict,.bar span,th,.okc,.short{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    h1,h2{break-after:avoid}tr,.keep,.verdict,ol.plan li{break-inside:avoid}
    .overview+.sheet,.sheet+.sheet{break-before:page}
    thead{display:table-header-group}.wrap{overflow:visible}a{text-decoration:none}}
    """

  /// The page rules of a printed document: the title as a running header, the page number
  /// ("Trang 2/7", "Page 2 of 7") at the foot.
  static func printRules(title: String, language: Language) -> String {
    // CSS string: by the one rule for CSS strings (a form feed or line break would end it).
    let quoted = UnsafeText.cssString(title.nfc)
    let page =
      language == .vi
      ? "\"Trang \" counter(page) \"/\" counter(pages)"
      : "\"Page \" counter(page) \" of \" counter(pages)"
    return "@page{@top-left{content:\"\(quoted)\";font-size:8pt;color:#5f6368}"
      + "@bottom-right{content:\(page);font-size:8pt;color:#5f6368}}"
  }

  /// A complete page.
  public static func page(title: String, body: String, language: Language = .vi) -> String {
    """
    <!DOCTYPE html>
    <html lang="\(language.rawValue)">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(escape(title))</title>
    <style>
    \(style)
    \(printRules(title: title, language: language))
    </style>
    </head>
    <body>
    \(body)
    </body>
    </html>

    """
  }

  /// Signature blocks side by side, one per role: the role, room to sign, "(Ký, ghi rõ họ
  /// tên)", and with `dated` a blank place-and-date line above (left blank: only people sign).
  /// The block above an administrative document (Nghị định 30/2020/NĐ-CP): the authority, the
  /// issuing office and the number left to fill on the left; the national motto and the place
  /// and date on the right (the date of issue when given, else left to fill). The council's
  /// papers and the roadmap report share it.
  static func documentHeader(
    province: String, office: (vietnamese: String, english: String), kind: String,
    issued: Day?, language l: Language
  ) -> String {
    let place = province.isEmpty ? "……………" : province
    let bare = place.replacingOccurrences(of: "Tỉnh ", with: "")
      .replacingOccurrences(of: "Thành phố ", with: "")
    let authority =
      place.hasPrefix("Thành phố ")
      ? l.pick("UBND THÀNH PHỐ ", "PEOPLE'S COMMITTEE OF ")
      : l.pick("UBND TỈNH ", "PEOPLE'S COMMITTEE OF ")
    let date =
      issued.map { day in
        let (year, month, dayOfMonth) = day.civil
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return l.pick(
          "……, ngày \(two(dayOfMonth)) tháng \(two(month)) năm \(year)", "……, \(day.iso)")
      } ?? l.pick("……, ngày … tháng … năm ……", "……, date ……")
    return "<div class=\"nd30\"><div><p>" + escape(authority + bare.uppercased())
      + "</p><p><strong>"
      + escape(l.pick(office.vietnamese, office.english)) + "</strong></p><p>"
      + escape(l.pick("Số: ……/\(kind)", "No.: ……/\(kind)")) + "</p></div><div><p><strong>"
      + escape(l.pick("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"))
      + "</strong></p><p><strong class=\"motto\">"
      + escape(l.pick("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"))
      + "</strong></p><p><em>" + escape(date) + "</em></p></div></div>"
  }

  static func signatures(_ roles: [String], dated: Bool, language l: Language) -> String {
    let dateLine = l.pick("……, ngày … tháng … năm ……", "……, date ……")
    let sign = l.pick("(Ký, ghi rõ họ tên)", "(signature and full name)")
    return "<div class=\"signoff\">"
      + roles.map {
        "<div>" + (dated ? "<p class=\"meta\">\(escape(dateLine))</p>" : "")
          + "<p><strong>\(escape($0))</strong></p><p class=\"meta\">\(escape(sign))</p></div>"
      }.joined() + "</div>"
  }

  /// A bar of `points` against `maximum`, with a dashed line at the required share.
  public static func bar(points: Points, maximum: Points, required: Points, label: String)
    -> String
  {
    guard maximum.halves > 0 else { return "" }
    let width = percentText(points.halves, of: maximum.halves)
    let line = percentText(required.halves, of: maximum.halves)
    let low = points < required ? " class=\"low\"" : ""
    return "<div class=\"bar\" role=\"img\" aria-label=\"\(escape(label))\">"
      + "<span\(low) style=\"width:\(width)%\"></span><i style=\"left:\(line)%\"></i></div>"
  }

  /// `100 × part / whole` with one decimal, from integers (no floating point).
  static func percentText(_ part: Int, of whole: Int) -> String {
    let tenths = (part * 1000 + whole / 2) / whole
    return "\(tenths / 10).\(tenths % 10)"
  }
}
