#!/usr/bin/env python3
"""Writes the ILLUSTRATIVE sample evidence under Samples/bac-giang/.

The district names and codes are Bắc Giang's (KH 115/KH-UBND, 2023); commune names are real
communes of those districts, but their codes and every evidence value are invented to exercise
the engine (pass, fail on total, on a criterion, on a knock-out, missing and not-applicable
indicators). Nothing here is real data. Run from the repository root: python3 Samples/generate.py
"""
import copy, json, os

PROVINCE = {"code": "24", "name": "Tỉnh Bắc Giang"}
DISTRICTS = {
    "213": "Thành phố Bắc Giang", "215": "Huyện Yên Thế", "216": "Huyện Tân Yên",
    "217": "Huyện Lạng Giang", "218": "Huyện Lục Nam", "219": "Huyện Lục Ngạn",
    "220": "Huyện Sơn Động", "221": "Huyện Yên Dũng", "222": "Huyện Việt Yên",
    "223": "Huyện Hiệp Hòa",
}

# A strong commune: 99 of 100 points (indicator 37 earns 1 of 2).
BASE = {
    "1": ["kien_toan", "hop_dinh_ky"], "2": ["nghi_quyet", "ke_hoach_ktxh"],
    "3": {"numerator": 9650, "denominator": 10000}, "4": ["ngan_sach_xa", "xa_hoi_hoa"],
    "5": True, "6": {"numerator": 18, "denominator": 20}, "7": "co_huu",
    "8": ["ho_sinh_san_nhi", "duoc", "yhct"], "9": {"numerator": 12, "denominator": 12},
    "10": {"numerator": 9, "denominator": 10}, "11": 520, "12": 10, "13": "kien_co",
    "14": ["dien", "nuoc_sach", "nha_tieu_hvs"], "15": True,
    "16": {"numerator": 92, "denominator": 100}, "17": {"numerator": 75, "denominator": 100},
    "18": True, "19": ["vuon_thuoc_nam", "tu_thuoc_yhct"],
    "20": ["bao_cao_dung_han", "khong_dich_lon"], "21": {"numerator": 146, "denominator": 150},
    "22": {"numerator": 310, "denominator": 480}, "23": {"numerator": 95, "denominator": 150},
    "24": {"numerator": 2250, "denominator": 2600}, "25": {"numerator": 2380, "denominator": 2600},
    "26": 0, "27": {"numerator": 9, "denominator": 10}, "28": True,
    "29": {"numerator": 75, "denominator": 100}, "30": {"numerator": 1900, "denominator": 6000},
    "31": {"numerator": 45, "denominator": 52}, "32": {"numerator": 120, "denominator": 130},
    "33": {"numerator": 129, "denominator": 130}, "34": {"numerator": 120, "denominator": 130},
    "35": {"numerator": 95, "denominator": 520}, "36": {"numerator": 240, "denominator": 260},
    "37": {"numerator": 70, "denominator": 64}, "38": {"numerator": 100, "denominator": 130},
    "39": {"numerator": 110, "denominator": 128}, "40": {"numerator": 60, "denominator": 80},
    "41": {"numerator": 900, "denominator": 1200}, "42": {"numerator": 1500, "denominator": 2000},
    "43": True, "44": 52, "45": True, "46": {"numerator": 8800, "denominator": 10000}, "47": True,
}

DOCS = {
    "1": ["Quyết định kiện toàn Ban Chỉ đạo CSSKND xã (minh họa)"],
    "2": ["Nghị quyết HĐND xã về phát triển kinh tế - xã hội năm {year} (minh họa)"],
    "4": ["Dự toán ngân sách xã năm {year} (minh họa)"],
    "8": ["Danh sách nhân lực trạm y tế (minh họa)"],
    "19": ["Biên bản kiểm tra vườn thuốc nam (minh họa)"],
    "20": ["Báo cáo giám sát bệnh truyền nhiễm năm {year} (minh họa)"],
    "3": ["Báo cáo số 12/BC-BHXH ngày 10/01/{next} của Bảo hiểm xã hội huyện (minh họa)"],
    "7": ["Quyết định phân công bác sĩ số 45/QĐ-TTYT (minh họa)"],
    "21": ["Sổ tiêm chủng mở rộng năm {year} (minh họa)"],
}

def weaken(evidence, changes):
    out = copy.deepcopy(evidence)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out

# Variants: what each illustrative commune changes from BASE.
PASS_80 = {  # exactly 80 of 100: 99 - 19
    "3": {"numerator": 8900, "denominator": 10000},   # 89% vùng 2 → 2 (−1)
    "6": {"numerator": 13, "denominator": 20},        # 65% → 2 (−1)
    "8": ["ho_sinh_san_nhi", "duoc"],                 # −1
    "12": 8,                                          # → 2 (−1)
    "13": "ban_kien_co",                              # → 1 (−1)
    "16": {"numerator": 82, "denominator": 100},      # → 2 (−1)
    "19": ["tu_thuoc_yhct"],                          # −1
    "22": {"numerator": 250, "denominator": 480},     # 52.1% → 2 (−1)
    "23": {"numerator": 70, "denominator": 150},      # 46.7% → 1 (−1)
    "24": {"numerator": 2000, "denominator": 2600},   # 76.9% → 1 (−1)
    "29": {"numerator": 62, "denominator": 100},      # → 2 (−1)
    "30": {"numerator": 1300, "denominator": 6000},   # 21.7% → 2 (−1)
    "31": {"numerator": 35, "denominator": 52},       # 67.3% → 2 (−1)
    "38": {"numerator": 70, "denominator": 130},      # 53.8% → 1 (−1)
    "40": {"numerator": 45, "denominator": 80},       # 56.3% → 1 (−1)
    "41": {"numerator": 700, "denominator": 1200},    # 58.3% → 1 (−1)
    "44": 30,                                         # → 1 (−1)
    "46": {"numerator": 7800, "denominator": 10000},  # 78% vùng 2 → 1 (−1)
    "47": False,                                      # −1
}
FAIL_TOTAL = dict(PASS_80, **{"42": {"numerator": 1200, "denominator": 2000}})  # 79: fails by 1
FAIL_CRITERION_3 = {"11": 150, "12": 5, "13": "xuong_cap", "14": ["dien"]}  # criterion 3: 3/12
FAIL_KNOCKOUT_7 = {"7": "khong"}
MISSING = {"46": None}  # criterion 10 falls to exactly 50 %: still passes
NA = {"27": {"notApplicable": "Không có người nhiễm HIV trên địa bàn"},
      "31": {"numerator": 0, "denominator": 0}}

COMMUNES_2025 = [
    # code, name, type, zone, district, changes
    ("07270", "Xã Cao Xá", "xa", 2, "216", {}),
    ("07276", "Xã Ngọc Thiện", "xa", 2, "216", NA),
    ("07207", "Phường Trần Phú", "phuong", 1, "213", {}),
    ("07228", "Xã Dĩnh Trì", "xa", 2, "213", FAIL_TOTAL),
    ("07783", "Xã An Lạc", "xa", 3, "220", FAIL_CRITERION_3),
    ("07582", "Xã Phượng Sơn", "xa", 2, "219", FAIL_KNOCKOUT_7),
    ("07408", "Xã Tân Dĩnh", "xa", 2, "217", MISSING),
    ("07231", "Thị trấn Cầu Gồ", "thi_tran", 2, "215", PASS_80),
    ("07693", "Xã Mai Đình", "xa", 1, "223", dict(FAIL_TOTAL, **{"21": {"numerator": 120, "denominator": 150}, "20": ["khong_dich_lon"], "22": {"numerator": 150, "denominator": 480}})),
    ("07822", "Xã Tiến Dũng", "xa", 2, "221", {"37": {"numerator": 66, "denominator": 64}}),
    ("07624", "Xã Tăng Tiến", "xa", 1, "222", {}),
    ("07519", "Xã Bảo Đài", "xa", 3, "218", {"28": False, "18": None}),
]

# The roadmap sample (ytxa roadmap --evidence Samples/bac-giang): 2023 and 2024 assessments, and
# more 2025 ones in roadmap-2025/ (2025/ stays the scoring showcase above). Designed so that, by
# 2025, TP Bắc Giang is ahead of the plan, Yên Dũng on track and the others behind; Dĩnh Trì is
# withdrawn in 2025 (passed 2023, fails 2025), Tiền Phong expires in 2026 (passed 2023, never
# re-assessed), Tân Hoa is recognised again in 2025, and one commune has a district code the
# plan does not know (990, invented).
ROADMAP = [
    # year, folder, code, name, type, zone, district, changes
    (2023, "2023", "07207", "Phường Trần Phú", "phuong", 1, "213", {}),
    (2023, "2023", "07228", "Xã Dĩnh Trì", "xa", 2, "213", {}),
    (2023, "2023", "07240", "Xã Đồng Sơn", "xa", 2, "213", {}),
    (2024, "2024", "07243", "Xã Song Khê", "xa", 2, "213", {}),
    (2024, "2024", "07246", "Xã Song Mai", "xa", 2, "213", {}),
    (2025, "roadmap-2025", "07249", "Xã Tân Mỹ", "xa", 2, "213", {}),
    (2025, "roadmap-2025", "07252", "Xã Tân Tiến", "xa", 2, "213", {}),
    (2025, "roadmap-2025", "07255", "Xã Dĩnh Kế", "xa", 2, "213", {}),
    (2023, "2023", "07822", "Xã Tiến Dũng", "xa", 2, "221", {}),
    (2023, "2023", "07825", "Xã Tiền Phong", "xa", 2, "221", {}),
    (2024, "2024", "07828", "Xã Nội Hoàng", "xa", 2, "221", {}),
    (2024, "2024", "07831", "Xã Tân Liễu", "xa", 2, "221", {}),
    (2025, "roadmap-2025", "07834", "Xã Lãng Sơn", "xa", 2, "221", {}),
    (2025, "roadmap-2025", "07837", "Xã Trí Yên", "xa", 2, "221", {}),
    (2023, "2023", "07270", "Xã Cao Xá", "xa", 2, "216", {}),
    (2024, "2024", "07276", "Xã Ngọc Thiện", "xa", 2, "216", NA),
    (2023, "2023", "07588", "Xã Tân Hoa", "xa", 2, "219", {}),
    (2024, "2024", "07588", "Xã Tân Hoa", "xa", 2, "219", FAIL_KNOCKOUT_7),
    (2025, "roadmap-2025", "07588", "Xã Tân Hoa", "xa", 2, "219", {}),
    (2024, "2024", "07582", "Xã Phượng Sơn", "xa", 2, "219", FAIL_CRITERION_3),
    (2025, "roadmap-2025", "07600", "Phường Chũ", "phuong", 2, "990", {}),
]
DISTRICTS["990"] = "Thị xã Chũ (mã minh họa, không có trong KH 115)"

def write(year, code, name, ctype, zone, district, evidence, folder_name=None):
    doc = {
        "schemaVersion": 1, "criteriaSet": "qd-1300-2023", "year": year,
        "commune": {"code": code, "name": name, "type": ctype, "zone": zone, "region": "TDMNPB",
                    "district": {"code": district, "name": DISTRICTS[district]}, "province": PROVINCE},
        "evidence": dict(sorted(evidence.items(), key=lambda kv: int(kv[0]))),
        "documents": {k: [d.format(year=year, next=year + 1) for d in v] for k, v in DOCS.items() if k in evidence},
    }
    folder = os.path.join("Samples", "bac-giang", folder_name or str(year))
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{code}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")

for code, name, ctype, zone, district, changes in COMMUNES_2025:
    write(2025, code, name, ctype, zone, district, weaken(BASE, changes))

for year, folder, code, name, ctype, zone, district, changes in ROADMAP:
    write(year, code, name, ctype, zone, district, weaken(BASE, changes), folder)
