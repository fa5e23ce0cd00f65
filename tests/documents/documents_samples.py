"""Synthetic cases and agencies for document tests (no real person)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from screening_app.domain import (
    Agency,
    AgencyService,
    AgencyType,
    Case,
    Consent,
    ConsentMethod,
    DimensionResult,
    Gender,
    Outcome,
    OutcomeKind,
    Person,
)

TODAY = date(2026, 3, 14)

# family name, given name, Latin name, nationality, a sentence for the note
PEOPLE: dict[str, tuple[str, str, str, str, str]] = {
    "km": ("សុខ", "ដារា", "Sok Dara", "KH",
           "នាងបានធ្វើការនៅប្រទេសថៃក្នុងរោងចក្រមួយ ហើយមិនបានទទួលប្រាក់ខែ។"),
    "th": ("ใจดี", "สมศรี", "Somsri Jaidee", "TH",
           "เธอทำงานในโรงงานแห่งหนึ่งและไม่ได้รับค่าจ้างเป็นเวลาหลายเดือน"),
    "lo": ("ພົມມະວົງ", "ບຸນມີ", "Bounmy Phommavong", "LA",
           "ນາງໄດ້ເຮັດວຽກຢູ່ໂຮງງານແຫ່ງໜຶ່ງ ແລະ ບໍ່ໄດ້ຮັບເງິນເດືອນ."),
    "my": ("", "အောင်မြင့်ထွန်း", "Aung Myint Htun", "MM",
           "သူသည် ငါးဖမ်းလှေပေါ်တွင် အလုပ်လုပ်ခဲ့ပြီး လုပ်ခမရရှိခဲ့ပါ။"),
    "zh_Hans": ("李", "小红", "Li Xiaohong", "CN", "她在一家工厂工作了几个月，没有拿到工资。"),
    "vi": ("Nguyễn", "Thị Hương", "Nguyen Thi Huong", "VN",
           "Chị ấy làm việc trong một nhà máy và không được trả lương nhiều tháng."),
    "en": ("Smith", "Jane", "Jane Smith", "GB", "She worked in a factory without wages."),
}


def sample_case(lang: str = "km", *, share: bool = True) -> Case:
    family, given, latin, country, _note = PEOPLE[lang]
    outcome = Outcome(
        kind=OutcomeKind.PRESUMED_VICTIM, urgent=True, indicator_set="adult_labour",
        rule_set="ilo-2009-working", rule_set_version="0.1",
        dimensions={
            "deceptive_recruitment": DimensionResult(
                True, ["deceived_about_wages", "deceived_about_nature_of_job"], strong=2),
            "exploitative_conditions": DimensionResult(True, ["excessive_working_days_hours"],
                                                       strong=1, medium=1),
            "coercion_at_destination": DimensionResult(False, [], 0),
        },
        urgent_reasons=["urgent_medical"],
        computed_at=datetime(2026, 3, 14, 9, 30, tzinfo=UTC),
    )
    return Case(
        id="01900000-0000-7000-8000-000000000001",
        reference="TH-MSK-03-0042",
        created_by="officer1",
        person=Person(given_name=given, family_name=family, latin_name=latin,
                      gender=Gender.FEMALE, nationality=country, birth_date=date(1999, 5, 2),
                      languages=[lang], phone="+66812345678"),
        consent=Consent(interview=True, record=True, share_for_referral=share,
                        how=ConsentMethod.WRITTEN, interpreter_used=True,
                        interpreter_language=lang,
                        given_at=datetime(2026, 3, 14, 9, 0, tzinfo=UTC)),
        officer_language="th",
        form_id="identification",
        form_version="1.0",
        interviewee_language=lang,
        outcomes=[outcome],
    )


def sender() -> Agency:
    return Agency(id="ag-th-01", name="Anti-Trafficking Division, Mae Sot",
                  type=AgencyType.LAW_ENFORCEMENT, country="TH",
                  names={"th": "กองบังคับการปราบปรามการค้ามนุษย์ แม่สอด"},
                  phone="+66 55 123 456", email="atd@example.org", language="th")


def recipient(lang: str = "km") -> Agency:
    names = {"km": "ក្រសួងសង្គមកិច្ច", "lo": "ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ",
             "my": "လူမှုဝန်ထမ်းဦးစီးဌာန", "zh_Hans": "民政部救助中心",
             "vi": "Trung tâm Bảo trợ Xã hội", "th": "บ้านพักเด็กและครอบครัว",
             "en": "Social Welfare Centre"}
    country = PEOPLE[lang][3] if lang != "en" else "TH"
    return Agency(id=f"ag-{lang}", name="Social Welfare Centre",
                  type=AgencyType.LOCAL_GOVERNMENT, service=AgencyService.SHELTER,
                  country=country, names={lang: names[lang]},
                  address="12 Example Road", phone="+855 23 000 000", language=lang)


def pdftotext(pdf: bytes, tmp: Path) -> str:
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdffonts(pdf: bytes, tmp: Path) -> list[list[str]]:
    path = tmp / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def png_pages(pdf: bytes, out_prefix: Path, dpi: int = 60) -> list[Path]:
    """Render every page with pdftoppm; returns the PNG files."""
    src = out_prefix.with_suffix(".pdf")
    src.write_bytes(pdf)
    for old in out_prefix.parent.glob(out_prefix.name + "-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(out_prefix)], check=True)
    return sorted(out_prefix.parent.glob(out_prefix.name + "-*.png"))


def have_poppler() -> bool:
    return shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None
