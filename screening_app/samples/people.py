"""Made-up people of the region, in the script of their nationality: pools of
names for the demo and the benchmarks, and one fixed person per language (with a
sentence in that language) for documents. Every person here is made up."""

from __future__ import annotations

import random
from dataclasses import dataclass

from screening_app.domain import Gender, Person

F, M = Gender.FEMALE, Gender.MALE


@dataclass(frozen=True)
class NamePool:
    """Names of one language: family names and given names, each in its own script
    with its usual Latin spelling, given names with the gender they usually mark."""

    language: str
    nationality: str
    family: tuple[tuple[str, str], ...]              # (native, Latin)
    given: tuple[tuple[str, str, Gender], ...]       # (native, Latin, gender)
    family_first: bool                               # order of the Latin name

    def latin(self, family: str, given: str) -> str:
        parts = (family, given) if self.family_first else (given, family)
        return " ".join(p for p in parts if p)


# Languages in the order the demo and the benchmarks rotate through them.
POOLS: dict[str, NamePool] = {pool.language: pool for pool in (
    NamePool("km", "KH",
             (("សុខ", "Sok"), ("ចាន់", "Chan"), ("កែវ", "Keo"), ("ហេង", "Heng"), ("លី", "Ly"),
              ("ម៉ៅ", "Mao"), ("សៀង", "Sieng"), ("ឈឹម", "Chhim")),
             (("ស្រីមុំ", "Sreymom", F), ("ដារ៉ា", "Dara", M), ("សុភា", "Sophea", F),
              ("វណ្ណា", "Vanna", M), ("ចន្ថា", "Chantha", F), ("រតនា", "Ratana", F),
              ("សំណាង", "Samnang", M), ("បុប្ផា", "Bopha", F), ("ពិសី", "Pisey", F),
              ("សុគន្ធា", "Sokunthea", F)), family_first=True),
    NamePool("th", "TH",
             (("สมบูรณ์", "Somboon"), ("ศรีสุข", "Srisuk"), ("แก้วมณี", "Kaewmanee"),
              ("บุญมา", "Boonma"), ("ทองดี", "Thongdee"), ("วงศ์ใหญ่", "Wongyai"),
              ("ใจดี", "Jaidee"), ("สุขสวัสดิ์", "Suksawat")),
             (("มาลัย", "Malai", F), ("สมชาย", "Somchai", M), ("สุดา", "Suda", F),
              ("ประเสริฐ", "Prasert", M), ("วิไล", "Wilai", F), ("อรุณี", "Arunee", F),
              ("กมล", "Kamol", M), ("นภา", "Napa", F), ("ธนพล", "Thanaphon", M),
              ("ปราณี", "Pranee", F)), family_first=False),
    NamePool("lo", "LA",
             (("ພົມມະວົງ", "Phommavong"), ("ສີສຸລາດ", "Sisoulath"), ("ແກ້ວມະນີ", "Keomany"),
              ("ວົງສາ", "Vongsa"), ("ສຸວັນນະ", "Souvanna"), ("ອິນທະວົງ", "Inthavong")),
             (("ບຸນມີ", "Bounmy", M), ("ສົມພອນ", "Somphone", M), ("ຄຳພອນ", "Khamphone", M),
              ("ແສງເດືອນ", "Sengdeuane", F), ("ວັນນາ", "Vanna", F),
              ("ພອນສະຫວັນ", "Phonesavanh", M), ("ນາລີ", "Nalee", F),
              ("ສຸກສະຫວັນ", "Souksavanh", M)), family_first=False),
    # Burmese names have no family name.
    NamePool("my", "MM", (("", ""),),
             (("အောင်ကျော်မင်း", "Aung Kyaw Min", M), ("မြင့်မြင့်", "Myint Myint", F),
              ("သီတာ", "Thida", F), ("ဇော်ဝင်း", "Zaw Win", M), ("နီလာ", "Nilar", F),
              ("ခင်မောင်", "Khin Maung", M), ("စုစုလှိုင်", "Su Su Hlaing", F),
              ("ထွန်းထွန်း", "Tun Tun", M), ("မိုးမိုး", "Moe Moe", F),
              ("ကျော်ဇေယျ", "Kyaw Zeya", M)), family_first=True),
    NamePool("zh_Hans", "CN",
             (("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
              ("杨", "Yang"), ("赵", "Zhao"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu")),
             (("小明", "Xiaoming", M), ("丽娜", "Lina", F), ("建华", "Jianhua", M),
              ("秀英", "Xiuying", F), ("伟", "Wei", M), ("芳", "Fang", F),
              ("志强", "Zhiqiang", M), ("桂兰", "Guilan", F), ("海燕", "Haiyan", F),
              ("国庆", "Guoqing", M)), family_first=True),
    NamePool("vi", "VN",
             (("Nguyễn", "Nguyen"), ("Trần", "Tran"), ("Lê", "Le"), ("Phạm", "Pham"),
              ("Hoàng", "Hoang"), ("Vũ", "Vu"), ("Đặng", "Dang"), ("Bùi", "Bui")),
             (("Thị Đào", "Thi Dao", F), ("Văn Hùng", "Van Hung", M), ("Thị Lan", "Thi Lan", F),
              ("Minh Tuấn", "Minh Tuan", M), ("Thu Hà", "Thu Ha", F), ("Đức Anh", "Duc Anh", M),
              ("Thị Hương", "Thi Huong", F), ("Quốc Bảo", "Quoc Bao", M)), family_first=True),
    # A Filipino national speaking English: Latin names only.
    NamePool("en", "PH",
             (("", "O'Brien"), ("", "Smith"), ("", "Santos"), ("", "Reyes"), ("", "Khan"),
              ("", "Garcia")),
             (("", "Maria", F), ("", "John", M), ("", "Ana", F), ("", "Jose", M),
              ("", "Aisha", F), ("", "Grace", F), ("", "Peter", M)), family_first=False),
)}
LANGUAGES = list(POOLS)


def person(rng: random.Random, language: str, age: int | None = None) -> Person:
    """A made-up person who speaks `language`, named in its script (and in Latin
    letters), with that language's nationality."""
    pool = POOLS[language]
    family, family_latin = pool.family[rng.randrange(len(pool.family))]
    given, given_latin, gender = pool.given[rng.randrange(len(pool.given))]
    return Person(given_name=given, family_name=family,
                  latin_name=pool.latin(family_latin, given_latin), gender=gender,
                  nationality=pool.nationality,
                  estimated_age=rng.randrange(12, 50) if age is None else age,
                  languages=[language])


# One fixed person per interviewee language, with a sentence in that language
# (the officer's note on a referral): for documents and their benchmarks.
# (family name, given name, Latin name, nationality, a sentence)
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

# Search terms per language that find synthetic people of the pools above.
QUERIES: dict[str, list[str]] = {
    "km": ["ស្រីមុំ", "សុខ ដារ៉ា", "សុភា"],
    "th": ["มาลัย", "บุญมา สุดา", "ประเสริฐ"],
    "lo": ["ບຸນມີ", "ພົມມະວົງ", "ສົມພອນ"],
    "my": ["ကျော်ဇေယျ", "မြင့်မြင့်", "အောင်"],
    "zh_Hans": ["王小明", "陈丽娜", "秀英"],
    "vi": ["Nguyễn Thị Đào", "hung", "Phạm"],
    "en": ["o'brien", "Maria Santos", "garcia"],
}
