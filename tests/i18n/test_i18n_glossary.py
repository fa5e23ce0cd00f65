"""Key terms are translated the same way everywhere (docs/translating.md, glossary).

Each term has a stem per language that every translation of a message using the
term must contain (Khmer, Lao, Thai and Chinese do not inflect, so a substring
check is exact; Vietnamese and Burmese stems were chosen to survive word order).
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from screening_app.i18n.catalogs import DOMAINS, TRANSLATED_LANGUAGES, po_path

# term -> stems in km, zh_Hans, lo, my, th, vi (same order as TRANSLATED_LANGUAGES)
STEMS: dict[str, tuple[str, str, str, str, str, str]] = {
    "passphrase": ("ឃ្លាសម្ងាត់", "口令", "ວະລີລັບ", "လျှို့ဝှက်စကားစု", "วลีรหัสผ่าน", "cụm mật khẩu"),
    "recovery code": ("លេខកូដស្ដារ", "恢复码", "ລະຫັດກູ້ຄືນ", "ပြန်လည်ရယူရေး ကုဒ်", "รหัสกู้คืน",
                      "mã khôi phục"),
    "interpreter": ("អ្នកបកប្រែ", "口译员", "ນາຍແປພາສາ", "စကားပြန်", "ล่าม", "phiên dịch"),
    "referral": ("បញ្ជូន", "转介", "ສົ່ງຕໍ່", "လွှဲပို့", "ส่งต่อ", "chuyển gửi"),
    "interview": ("សម្ភាសន៍", "面谈", "ສຳພາດ", "မေးမြန်း", "สัมภาษณ์", "phỏng vấn"),
    "agency": ("ស្ថាប័ន", "机构", "ອົງການ", "အဖွဲ့အစည်း", "หน่วยงาน", "cơ quan"),
    "consent": ("យល់ព្រម", "同意", "ຍິນຍອມ", "သဘောတူ", "ยินยอม", "đồng ý"),
    "packet": ("កញ្ចប់ឯកសារ", "转介包", "ຊຸດເອກະສານ", "စာထုပ်", "ชุดข้อมูล", "gói"),
    "key card": ("កាតកូនសោ", "密钥卡", "ບັດກະແຈ", "သော့ကတ်", "บัตรกุญแจ", "thẻ khóa"),
    "case": ("ករណី", "个案", "ກໍລະນີ", "အမှုတွဲ", "กรณี", "hồ sơ"),
    "victim": ("ជនរងគ្រោះ", "受害人", "ຜູ້ເຄາະຮ້າຍ", "ခံရသူ", "ผู้เสียหาย", "nạn nhân"),
    "indicator": ("សូចនាករ", "指标", "ຕົວຊີ້ວັດ", "ညွှန်ပြချက်", "ตัวบ่งชี้", "dấu hiệu"),
    "urgent": ("បន្ទាន់", "紧急", "ດ່ວນ", "အရေးပေါ်", "เร่งด่วน", "khẩn cấp"),
    "officer": ("មន្ត្រី", "工作人员", "ເຈົ້າໜ້າທີ່", "အရာရှိ", "เจ้าหน้าที่", "cán bộ"),
    "guardian": ("អាណាព្យាបាល", "监护人", "ຜູ້ປົກຄອງ", "အုပ်ထိန်းသူ", "ผู้ปกครอง", "giám hộ"),
    "employer": ("និយោជក", "雇主", "ນາຍຈ້າງ", "အလုပ်ရှင်", "นายจ้าง", "chủ lao động"),
    "broker": ("មេខ្យល់", "中介", "ນາຍໜ້າ", "ပွဲစား", "นายหน้า", "môi giới"),
    "shelter": ("ទីជម្រក", "庇护所", "ສູນພັກພິງ", "ခိုလှုံရာ", "สถานคุ้มครอง", "nhà tạm lánh"),
    "debt": ("បំណុល", "债", "ໜີ້", "အကြွေး", "หนี้", "nợ"),
}
# Parts of a source message that are code, not prose: placeholders, 'quoted keys',
# --options, dotted.names, and words that merely contain a term.
_NOT_PROSE = re.compile(r"\{[^}]*\}|'[^']*'|--[\w-]+|\w+\.\w+|lower-case|\byes/no\b"
                        r"|person or officer")


def _messages(lang: str) -> list[tuple[str, str]]:
    out = []
    for domain in DOMAINS:
        po = po_path(lang, domain)
        if not po.exists():
            continue
        with po.open("rb") as fp:
            for m in read_po(fp, locale=lang, domain=domain):
                if m.id and not m.context:   # Qt's own strings follow the OS wording
                    msgid = m.id if isinstance(m.id, str) else m.id[0]
                    text = m.string if isinstance(m.string, str) else m.string[0]
                    out.append((msgid, text))
    return out


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_key_terms_are_translated_consistently(lang: str) -> None:
    index = TRANSLATED_LANGUAGES.index(lang)
    wrong = []
    for msgid, text in _messages(lang):
        prose = _NOT_PROSE.sub("", msgid).lower().replace("&", "")
        translation = text.replace("&", "").lower()
        for term, stems in STEMS.items():
            if re.search(rf"\b{term}s?\b", prose) and stems[index] not in translation:
                wrong.append((term, msgid))
    assert wrong == []
