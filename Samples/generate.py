#!/usr/bin/env python3
"""Writes the sample evidence under Samples/bac-giang/.

Every commune block (code, name, type, district, province) is the registry's unit in force on
the file's assessment date (Criteria/units/registry.tsv, made from the GSO lists): 2023 and 2024
files on the units of 2023, 2025 files assessed in June on the 192 units of 1 January 2025, and
December 2025 and 2026 files on the communes of Bắc Ninh formed on 1 July 2025 (no district).
The vùng, the region and every evidence value are ILLUSTRATIVE, invented to exercise the engine
(pass, fail on total, on a criterion, on a knock-out, missing and not-applicable indicators).
Run from the repository root: python3 Samples/generate.py
"""
import copy, json, os

REGISTRY = os.path.join("Criteria", "units", "registry.tsv")


def load_registry():
    provinces, districts, units = [], [], []
    with open(REGISTRY, encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "P":
                provinces.append({"code": fields[1], "name": fields[2]})
            elif fields[0] == "D":
                districts.append({"code": fields[1], "name": fields[2]})
            elif fields[0] == "U":
                units.append(fields)
    return provinces, districts, units


PROVINCES, DISTRICTS, UNITS = load_registry()
TYPES = {"x": "xa", "p": "phuong", "t": "thi_tran", "d": "dac_khu"}


def unit(code, day):
    """The unit with `code` certainly in force on `day` (a date given exactly)."""
    found = []
    for fields in UNITS:
        if fields[1] != code or "~" in fields[2] + fields[3]:
            continue
        if (not fields[2] or fields[2] <= day) and (not fields[3] or day <= fields[3]):
            found.append(fields)
    assert len(found) == 1, f"{code} on {day}: {len(found)} units"
    fields = found[0]
    block = {"code": code, "name": fields[5], "type": TYPES[fields[4]]}
    if fields[6]:
        block["district"] = DISTRICTS[int(fields[6])]
    block["province"] = PROVINCES[int(fields[7])]
    return block

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

SHOWCASE_2025 = [
    # code, vùng, changes; assessed in the June 2025 round, on the units of 1 January 2025
    ("07336", 2, {}),                      # Xã Cao Xá: 99/100
    ("07360", 2, NA),                      # Xã Ngọc Thiện: not applicable, two ways
    ("07213", 1, {}),                      # Phường Trần Phú
    ("07441", 2, FAIL_TOTAL),              # Phường Dĩnh Trì: 79/100
    ("07645", 3, FAIL_CRITERION_3),        # Xã An Lạc: criterion 3 at 3/12
    ("07612", 2, FAIL_KNOCKOUT_7),         # Phường Phượng Sơn: knock-out 7
    ("07432", 2, MISSING),                 # Xã Tân Dĩnh: indicator 46 missing
    ("07294", 2, PASS_80),                 # Thị trấn Bố Hạ: exactly 80
    ("07885", 1, dict(FAIL_TOTAL, **{"21": {"numerator": 120, "denominator": 150}, "20": ["khong_dich_lon"], "22": {"numerator": 150, "denominator": 480}})),
    ("07849", 2, {"37": {"numerator": 66, "denominator": 64}}),
    ("07789", 1, {}),                      # Phường Tăng Tiến
    ("07462", 3, {"28": False, "18": None}),
]

# The roadmap sample (ytxa roadmap --evidence Samples/bac-giang): 2023 and 2024 assessments, more
# June 2025 ones in roadmap-2025/ (2025/ stays the scoring showcase above), and the December 2025
# round and 2026 on the new communes. By June 2025, TP Bắc Giang is ahead of the plan, Yên Dũng on track and the others behind; Dĩnh Trì is
# withdrawn in 2025 (passed 2023, fails 2025), Tiền Phong expires (passed 2023, never
# re-assessed), Tân Hoa is recognised again in 2025; Phường Chũ is in thị xã Chũ, a district
# formed on 1 January 2025 that the plan does not know. Yên Dũng's communes were in Thành phố
# Bắc Giang from 1 January 2025, and the communes assessed since 1 July 2025 have no district.
# Across the changes (interfaces §6, shown by `ytxa roadmap --evidence Samples/bac-giang` under
# both --on-merge policies): Phường Trần Nguyên Hãn (07204) passes in 2023 and is absorbed into
# Phường Ngô Quyền on 2025-01-01; Xã Đông Hưng and Xã Đông Phú of Lục Nam (07450, 07453) both
# pass in 2024 and merge into the new Xã Đông Phú on 2025-07-01, recognised from that day under
# inherit and not under reassess; Phường Bắc Giang (07210), formed on 2025-07-01, passes its own
# assessment on 2025-12-10.
ROADMAP = [
    # folder, year, assessedOn (None: 31 December), code, vùng, changes
    ("2023", 2023, None, "07204", 1, {}),
    ("2024", 2024, None, "07450", 2, {}),
    ("2024", 2024, None, "07453", 2, {}),
    ("2023", 2023, None, "07213", 1, {}),
    ("2023", 2023, None, "07441", 2, {}),
    ("2023", 2023, None, "07696", 2, {}),
    ("2023", 2023, None, "07729", 2, {}),
    ("2023", 2023, None, "07711", 2, {}),
    ("2023", 2023, None, "07336", 2, {}),
    ("2023", 2023, None, "07567", 2, {}),
    ("2024", 2024, None, "07705", 2, {}),
    ("2024", 2024, None, "07222", 2, {}),
    ("2024", 2024, None, "07708", 2, {}),
    ("2024", 2024, None, "07717", 2, {}),
    ("2024", 2024, None, "07723", 2, {}),
    ("2024", 2024, None, "07720", 2, {}),
    ("2024", 2024, None, "07360", 2, NA),
    ("2024", 2024, None, "07567", 2, FAIL_KNOCKOUT_7),
    ("2024", 2024, None, "07612", 2, FAIL_CRITERION_3),
    ("roadmap-2025", 2025, "2025-06-12", "07687", 2, {}),
    ("roadmap-2025", 2025, "2025-06-12", "07231", 2, {}),
    ("roadmap-2025", 2025, "2025-06-12", "07216", 1, {}),
    ("roadmap-2025", 2025, "2025-06-12", "07567", 2, {}),
    ("roadmap-2025", 2025, "2025-06-12", "07525", 2, {}),
    ("2025-12", 2025, "2025-12-10", "07210", 1, {}),
    ("2025-12", 2025, "2025-12-10", "07228", 1, {}),
    ("2025-12", 2025, "2025-12-10", "07339", 2, FAIL_TOTAL),
    ("2025-12", 2025, "2025-12-10", "07654", 3, FAIL_CRITERION_3),
    ("2026", 2026, "2026-06-15", "07210", 1, {}),
    ("2026", 2026, "2026-06-15", "07582", 2, FAIL_KNOCKOUT_7),
]


def write(folder, year, assessed_on, code, zone, evidence, root="bac-giang"):
    day = assessed_on or f"{year}-12-31"
    commune = unit(code, day)
    commune = {"code": commune["code"], "name": commune["name"], "type": commune["type"],
               "zone": zone, "region": "TDMNPB",
               **({"district": commune["district"]} if "district" in commune else {}),
               "province": commune["province"]}
    doc = {"schemaVersion": 1, "criteriaSet": "qd-1300-2023", "year": year}
    if assessed_on:
        doc["assessedOn"] = assessed_on
    doc.update({
        "commune": commune,
        "evidence": dict(sorted(evidence.items(), key=lambda kv: int(kv[0]))),
        "documents": {k: [d.format(year=year, next=year + 1) for d in v] for k, v in DOCS.items() if k in evidence},
    })
    path = os.path.join("Samples", root, folder)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, f"{code}.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")


for code, zone, changes in SHOWCASE_2025:
    write("2025", 2025, "2025-06-12", code, zone, weaken(BASE, changes))

for folder, year, assessed_on, code, zone, changes in ROADMAP:
    write(folder, year, assessed_on, code, zone, weaken(BASE, changes))


# Phong Thổ (Lai Châu), for `ytxa plan --plan phong-tho-2024 --evidence Samples/phong-tho`: its
# 17 communes of 2024, assessed in June 2023 and June 2024 (real codes and names from the
# registry; vùng 3; every value ILLUSTRATIVE). In 2023, 14 communes pass and 3 fail on the
# knock-out of indicator 7 (no doctor); in 2024 the 14 pass again and one of the 3 has its
# doctor: the plan's "keep the 14 and add at least one" is met. Aggregated over the district in
# 2024, immunisation (95.45 %), electronic records (63.21 %), drugs (75 %), antenatal care
# (40.04 %) and health workers in hamlets (94.58 %, target 94 %) meet the plan; insurance
# (95.75 %, target above 96 %), stunting (21.63 %, target under 21.4 %) and a midwife at every
# station (16 of 17) do not.
PHONG_THO = ["03391", "03490", "03549", "03550", "03553", "03559", "03562", "03565", "03568",
             "03571", "03574", "03577", "03580", "03583", "03586", "03589", "03592"]
NO_DOCTOR_2023 = {"03553", "03565", "03586"}


def phong_tho(index, code, year):
    population = 1800 + (index * 977) % 7200
    infants = round(population * 0.018)
    births = round(population * 0.019)
    under_five = round(population * 0.09)
    households = round(population / 4.5)
    hamlets = 6 + index % 9
    insured = [0.94, 0.955, 0.97, 0.96, 0.95][index % 5] + (0.002 if year == 2024 else 0)
    immunised = [0.96, 0.95, 0.975, 0.93, 0.955][index % 5]
    stunted = [0.20, 0.235, 0.21, 0.225, 0.22][index % 5] - (0.002 if year == 2024 else 0)
    records = [0.60, 0.65, 0.62, 0.66, 0.63][index % 5] - (0.05 if year == 2023 else 0)
    evidence = weaken(BASE, {
        "3": {"numerator": round(population * insured), "denominator": population},
        "46": {"numerator": round(population * records), "denominator": population},
        "21": {"numerator": round(infants * immunised), "denominator": infants},
        "35": {"numerator": round(under_five * stunted), "denominator": under_five},
        "24": {"numerator": round(households * 0.8), "denominator": households},
        "25": {"numerator": round(households * 0.85), "denominator": households},
        "32": {"numerator": round(births * 0.40), "denominator": births},
        "33": {"numerator": round(births * 0.92), "denominator": births},
        "34": {"numerator": round(births * 0.85), "denominator": births},
        "9": {"numerator": hamlets - (1 if index % 2 == 0 else 0), "denominator": hamlets},
    })
    if code in NO_DOCTOR_2023 and (year == 2023 or code != "03553"):
        evidence["7"] = "khong"
    if year == 2024 and code == "03592":
        evidence["8"] = ["duoc", "yhct"]
    return evidence


for index, code in enumerate(PHONG_THO):
    for year, day in ((2023, "2023-06-15"), (2024, "2024-06-14")):
        write(str(year), year, day, code, 3, phong_tho(index, code, year), root="phong-tho")

