"""A Japanese open data catalogue for bench/catalog.py, the same for every run of a seed.

Publishers are departments of 三重県 and its 29 municipalities; datasets are the kinds they really
publish (避難所, 人口, 観光施設, AED, 予算...), each with three linked resources. Dataset `i` depends only
on the seed and `i`, so a catalogue grown from 1,000 to 10,000 datasets holds the same first 1,000.

Datasets are written with bulk_create rather than one dataset_create each (which would also write a
revision and an audit entry), but their values go through the services' own input checks and search
columns, and `datasets_verify` compares a sample with the same input sent through dataset_create.
Django must be set up before any function here is called; nothing is imported from Django at import.
"""

# The vocabulary tables below keep one entry per line, however long.
# ruff: noqa: E501

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SEED = 20240401
RESOURCES_PER_DATASET = 3


@dataclass(frozen=True)
class Publisher:
    name: str
    title_ja: str
    title_en: str
    code: str  # 全国地方公共団体コード
    host: str
    weight: float
    topics: tuple[str, ...] = ()  # a prefecture department publishes only these; a municipality anything


_PREF = "240001"
PUBLISHERS: tuple[Publisher, ...] = (
    *(
        Publisher(f"mie-{slug}", f"三重県 {ja}", f"Mie Prefecture {en}", _PREF, "www.pref.mie.lg.jp", 3, tuple(topics.split()))
        for slug, ja, en, topics in (
            ("bosai", "防災対策部", "Disaster Prevention", "hinanjo kinkyu-hinan tsunami dosha taishin kasen fukushi-hinanjo"),
            ("somu", "総務部", "General Affairs", "yosan kessan senkyo jinko"),
            ("seisaku", "政策企画部", "Policy Planning", "jinko nenrei jigyosho chika"),
            ("iryo", "医療保健部", "Medical Care and Health", "aed iryo shokuhin kyukyu"),
            ("fukushi", "子ども・福祉部", "Children and Welfare", "hoikusho hokago kosodate kaigo fukushi-hinanjo"),
            ("kankyo", "環境生活部", "Environment and Living", "gomi kion bunkazai hanzai"),
            ("chiiki", "地域連携・交通部", "Regional Partnership and Transport", "bus kisei kotsu-jiko wifi"),
            ("norin", "農林水産部", "Agriculture, Forestry and Fisheries", "nogyo gyogyo"),
            ("keizai", "雇用経済部", "Employment and Economy", "jigyosho nogyo chika"),
            ("kanko", "観光部", "Tourism", "kanko-shisetsu irikomi annai event inbound wifi"),
            ("kendo", "県土整備部", "Land Development", "dosha kisei toshi-keikaku koen kasen"),
            ("kyoiku", "教育委員会", "Board of Education", "gakko jido toshokan bunkazai"),
        )
    ),
    *(
        Publisher(f"{roma}-{kind}", ja, f"{roma.capitalize()} {kind.capitalize()}", code, f"www.{kind}.{roma}.lg.jp", weight)
        for ja, roma, kind, code, weight in (
            ("津市", "tsu", "city", "242012", 8), ("四日市市", "yokkaichi", "city", "242021", 8),
            ("伊勢市", "ise", "city", "242039", 4), ("松阪市", "matsusaka", "city", "242047", 5),
            ("桑名市", "kuwana", "city", "242055", 4), ("鈴鹿市", "suzuka", "city", "242071", 5),
            ("名張市", "nabari", "city", "242080", 2), ("尾鷲市", "owase", "city", "242098", 1),
            ("亀山市", "kameyama", "city", "242101", 2), ("鳥羽市", "toba", "city", "242110", 1.5),
            ("熊野市", "kumano", "city", "242128", 1), ("いなべ市", "inabe", "city", "242144", 2),
            ("志摩市", "shima", "city", "242152", 2), ("伊賀市", "iga", "city", "242161", 3),
            ("木曽岬町", "kisosaki", "town", "243035", 0.7), ("東員町", "toin", "town", "243248", 0.7),
            ("菰野町", "komono", "town", "243418", 0.7), ("朝日町", "asahi", "town", "243434", 0.7),
            ("川越町", "kawagoe", "town", "243442", 0.7), ("多気町", "taki", "town", "244414", 0.7),
            ("明和町", "meiwa", "town", "244422", 0.7), ("大台町", "odai", "town", "244431", 0.7),
            ("玉城町", "tamaki", "town", "244619", 0.7), ("度会町", "watarai", "town", "244708", 0.7),
            ("大紀町", "taiki", "town", "244716", 0.7), ("南伊勢町", "minamiise", "town", "244724", 0.7),
            ("紀北町", "kihoku", "town", "245437", 0.7), ("御浜町", "mihama", "town", "245615", 0.7),
            ("紀宝町", "kiho", "town", "245623", 0.7),
        )
    ),
)  # fmt: skip

GROUPS: tuple[tuple[str, str, str], ...] = (
    ("bosai", "防災", "Disaster prevention"), ("kanko", "観光", "Tourism"),
    ("kosodate", "子育て", "Child rearing"), ("kenko", "健康・福祉", "Health and welfare"),
    ("kyoiku", "教育", "Education"), ("kankyo", "環境", "Environment"), ("kotsu", "交通", "Transport"),
    ("sangyo", "産業・経済", "Industry and economy"), ("gyozaisei", "行財政", "Administration and finance"),
    ("jinko", "人口・世帯", "Population and households"), ("machi", "まちづくり", "Town planning"),
    ("norin", "農林水産", "Agriculture, forestry and fisheries"), ("bunka", "文化・スポーツ", "Culture and sport"),
    ("anzen", "安全・安心", "Safety"), ("chiri", "地理空間", "Geospatial"),
)  # fmt: skip


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    title_en: str
    groups: tuple[str, ...]
    tags: tuple[str, ...]
    sentence: str
    geo: bool


TOPICS: tuple[Topic, ...] = tuple(
    Topic(slug, title, en, tuple(groups.split()), tuple(tags.split()), sentence, geo)
    for slug, title, en, groups, tags, sentence, geo in (
        ("hinanjo", "指定避難所一覧", "Designated evacuation shelters", "bosai", "防災 避難所 災害", "災害時に開設する指定避難所の名称、所在地、収容人数、連絡先を掲載しています。", True),
        ("kinkyu-hinan", "指定緊急避難場所一覧", "Emergency evacuation sites", "bosai", "防災 避難場所 津波 洪水", "洪水、津波、土砂災害などの災害の種類ごとに使える指定緊急避難場所を示します。", True),
        ("tsunami", "津波浸水想定区域", "Tsunami inundation areas", "bosai chiri", "防災 津波 浸水想定 ハザードマップ", "南海トラフ地震を想定した津波浸水想定区域と浸水深の図です。", True),
        ("dosha", "土砂災害警戒区域", "Landslide warning areas", "bosai chiri", "防災 土砂災害 ハザードマップ", "土砂災害防止法に基づく土砂災害警戒区域と特別警戒区域です。", True),
        ("fukushi-hinanjo", "福祉避難所一覧", "Welfare evacuation shelters", "bosai kenko", "防災 避難所 福祉", "高齢者や障がい者など配慮が必要な方のための福祉避難所の一覧です。", True),
        ("taishin", "住宅の耐震化の状況", "Earthquake resistance of housing", "bosai machi", "防災 耐震 住宅", "木造住宅の耐震診断と耐震補強の実施件数です。", False),
        ("kasen", "河川水位観測データ", "River water levels", "bosai kankyo", "防災 河川 水位", "県内の水位観測所で10分ごとに観測した河川の水位です。", True),
        ("aed", "AED設置箇所一覧", "AED locations", "kenko anzen", "AED 救急 医療 施設", "公共施設などに設置されたAED（自動体外式除細動器）の設置場所と利用できる時間です。", True),
        ("iryo", "医療機関一覧", "Medical institutions", "kenko", "医療 病院 診療所", "病院、診療所、歯科診療所の名称、所在地、診療科目です。", True),
        ("kyukyu", "救急出動件数", "Ambulance dispatches", "anzen kenko", "救急 消防 統計", "消防本部ごとの救急出動件数と搬送人員の推移です。", False),
        ("shokuhin", "食中毒発生状況", "Food poisoning cases", "kenko", "食品衛生 健康 統計", "県内で発生した食中毒の件数、患者数、原因施設の種類です。", False),
        ("kaigo", "介護サービス事業所一覧", "Care service providers", "kenko", "介護 高齢者 福祉", "介護保険の指定を受けた事業所の種類、定員、連絡先です。", True),
        ("hoikusho", "保育所一覧", "Nursery schools", "kosodate", "子育て 保育所 施設", "認可保育所と認定こども園の定員、開所時間、所在地です。", True),
        ("hokago", "放課後児童クラブ一覧", "After-school clubs", "kosodate kyoiku", "子育て 放課後児童クラブ", "放課後児童クラブの名称、対象学年、利用料の目安です。", True),
        ("kosodate", "子育て支援施設一覧", "Child-rearing support facilities", "kosodate", "子育て 子育て支援 施設", "子育て支援センターや一時預かりを行う施設の一覧です。", True),
        ("kanko-shisetsu", "観光施設一覧", "Tourist facilities", "kanko", "観光 施設 観光地", "観光施設の名称、所在地、営業時間、料金、駐車場の有無です。", True),
        ("irikomi", "観光入込客数", "Tourist visits", "kanko sangyo", "観光 統計 観光客", "観光地点ごとの観光入込客数を月別に集計しました。", False),
        ("annai", "観光案内所一覧", "Tourist information centres", "kanko", "観光 観光案内所 施設", "観光案内所の所在地、開所時間、対応言語です。", True),
        ("inbound", "外国人延べ宿泊者数", "Foreign overnight guests", "kanko sangyo", "観光 インバウンド 宿泊 統計", "国・地域別の外国人延べ宿泊者数です。", False),
        ("event", "イベント一覧", "Events", "bunka kanko", "イベント 観光", "市民向けイベントと観光イベントの開催日、会場、問い合わせ先です。", True),
        ("bunkazai", "指定文化財一覧", "Designated cultural properties", "bunka", "文化財 歴史 観光", "国、県、市町が指定した文化財の名称、種別、所在地です。", True),
        ("jinko", "人口・世帯数", "Population and households", "jinko", "人口 世帯 統計", "住民基本台帳に基づく地区別の人口と世帯数です。", False),
        ("nenrei", "年齢別人口", "Population by age", "jinko", "人口 年齢 統計 高齢化", "5歳階級別、男女別の人口です。", False),
        ("yosan", "当初予算の概要", "Budget", "gyozaisei", "予算 財政", "一般会計と特別会計の当初予算の歳入と歳出です。", False),
        ("kessan", "決算の状況", "Settlement of accounts", "gyozaisei", "決算 財政 統計", "普通会計決算の歳入、歳出、財政指標です。", False),
        ("senkyo", "選挙の投票率", "Voter turnout", "gyozaisei", "選挙 投票率 統計", "選挙ごとの年代別、投票区別の投票率です。", False),
        ("gakko", "小中学校一覧", "Schools", "kyoiku", "学校 教育 施設", "公立小学校と中学校の名称、所在地、電話番号です。", True),
        ("jido", "児童生徒数", "Pupils", "kyoiku jinko", "学校 教育 統計", "学校別、学年別の児童生徒数と学級数です。", False),
        ("toshokan", "図書館一覧", "Libraries", "kyoiku bunka", "図書館 施設", "図書館と分館の開館時間、休館日、蔵書数です。", True),
        ("kisei", "道路通行規制情報", "Road closures", "kotsu", "道路 交通 通行規制", "工事や災害による道路の通行規制の区間と期間です。", True),
        ("bus", "コミュニティバス停留所", "Community bus stops", "kotsu", "バス 交通 バス停", "コミュニティバスの停留所の位置と路線、時刻表です。", True),
        ("kotsu-jiko", "交通事故発生件数", "Traffic accidents", "anzen kotsu", "交通事故 交通安全 統計", "市町別、月別の交通事故の発生件数と死傷者数です。", False),
        ("hanzai", "刑法犯認知件数", "Recorded crimes", "anzen", "防犯 犯罪 統計", "罪種別の刑法犯認知件数です。", False),
        ("wifi", "公衆無線LANアクセスポイント一覧", "Public Wi-Fi access points", "machi kanko", "Wi-Fi 公衆無線LAN", "無料で使える公衆無線LANのアクセスポイントとSSIDです。", True),
        ("gomi", "ごみ収集日程", "Waste collection calendar", "kankyo", "ごみ 収集 環境", "地区ごとの可燃ごみ、不燃ごみ、資源ごみの収集日です。", False),
        ("kion", "気象観測データ", "Weather observations", "kankyo", "気象 気温 降水量", "観測地点ごとの日別の気温、降水量、風速です。", False),
        ("nogyo", "農業産出額", "Agricultural output", "norin sangyo", "農業 統計", "品目別の農業産出額の推移です。", False),
        ("gyogyo", "漁獲量", "Fish catch", "norin", "漁業 水産 統計", "漁港別、魚種別の漁獲量です。", False),
        ("jigyosho", "事業所数と従業者数", "Establishments and employees", "sangyo", "事業所 経済センサス 統計", "経済センサスによる産業別の事業所数と従業者数です。", False),
        ("chika", "地価調査", "Land prices", "sangyo machi", "地価 土地", "基準地ごとの価格と変動率です。", True),
        ("toshi-keikaku", "都市計画図", "City planning map", "machi chiri", "都市計画 地図 用途地域", "用途地域と都市計画道路を示した都市計画図です。", True),
        ("koen", "都市公園一覧", "City parks", "machi", "公園 施設", "都市公園の名称、面積、遊具とトイレの有無です。", True),
    )
)  # fmt: skip
_TOPIC_BY_SLUG = {topic.slug: topic for topic in TOPICS}

# Tags beyond each topic's own, most common first (chosen with weights 1/rank).
_EXTRA_TAG_TEXT = """オープンデータ 一覧 統計 位置情報 地図 施設 公共施設 行政 住民 福祉 高齢者 障がい者 子ども 防災 観光
    避難所 津波 地震 南海トラフ 洪水 浸水 高潮 ため池 避難路 津波避難ビル 防災倉庫 備蓄 避難行動要支援者
    防災無線 気象警報 雨量 観測所 緊急輸送道路 消防団 消火栓 防火水槽 妊婦 母子保健 健診 予防接種 感染症
    食育 農産物 特産品 伊勢志摩 熊野古道 世界遺産 海女 真珠 伊勢神宮 鈴鹿サーキット 温泉 海水浴場 キャンプ場
    道の駅 駐車場 自転車 鉄道 駅 港湾 道路 橋梁 トンネル 上水道 下水道 再生可能エネルギー 太陽光 脱炭素
    温室効果ガス 大気 水質 騒音 自然 森林 林業 獣害 漁港 養殖 牡蠣 伊勢えび 松阪牛 茶 米 畜産 商業 工業
    製造業 観光消費額 雇用 求人 賃金 企業 創業 中小企業 商店街 市税 県税 歳入 歳出 公債費 職員数 議会
    条例 総合計画 統計書 国勢調査 住民基本台帳 出生 死亡 婚姻 転入 転出 外国人住民 高齢化率 人口推計
    将来人口 幼稚園 認定こども園 給食 部活動 スポーツ 体育館 プール 文化 美術館 博物館 公民館 集会所
    投票所 期日前投票 救急病院 薬局 歯科 休日診療 献血 健康づくり 介護保険 地域包括支援センター 生活保護
    児童手当 子育て支援センター 一時預かり 病児保育 待機児童 ひとり親 男女共同参画 人権 国際交流
    多文化共生 移住 定住 空き家 公営住宅 景観 緑地 街路樹 建築確認 開発許可 リサイクル 資源回収 粗大ごみ
    生物多様性 外来種 野鳥 動物愛護 狂犬病 墓地 斎場 入札 契約 公共工事 指定管理者 行政改革 デジタル化
    マイナンバー 窓口 電子申請 証明書 広報 パブリックコメント 統計調査 消費生活 AED バリアフリー トイレ
    授乳室 おむつ替え 多言語 英語 中国語 韓国語 ポルトガル語 ベトナム語 緯度経度 GTFS 時刻表 路線図"""
EXTRA_TAGS: tuple[str, ...] = tuple(_EXTRA_TAG_TEXT.split())
YEAR_TAGS = tuple(f"{year}年度" for year in range(2015, 2025)) + tuple(f"令和{n}年度" for n in range(2, 7))
_ERA = {2019: "令和元年度", **{year: f"令和{year - 2018}年度" for year in range(2020, 2025)}}
LICENCES = (("cc-by-4.0", 55), ("pdl-1.0", 25), ("cc-by", 6), ("cc-zero", 5), ("odc-odbl", 2),
            ("other-open", 3), ("notspecified", 4))  # fmt: skip
_SENTENCES = (
    "データは{date}時点のものです。",
    "毎年度更新します。",
    "位置情報（緯度・経度）は世界測地系で記載しています。",
    "施設の名称、所在地、電話番号、開設時間を含みます。",
    "詳しくは担当課までお問い合わせください。",
    "自治体標準オープンデータセットの項目定義に準拠しています。",
    "統計表の数値には速報値を含みます。",
    "{word}に関する施策の基礎資料として作成しました。",
    "地域の{word}の状況を把握するためにご活用ください。",
    "過去の{word}のデータは関連するデータセットをご覧ください。",
)
_WORDS = ("避難所", "人口", "観光", "AED", "子育て", "津波", "予算", "統計", "防災", "高齢者", "交通", "環境")
_FIRST = datetime.datetime(2018, 4, 1, tzinfo=datetime.UTC)
_LAST = datetime.datetime(2025, 3, 31, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class DatasetInput:
    """One dataset: the package dict a client would send to package_create, the facts the checks
    count from (independently of the services), and the dataset's id and times."""

    id: uuid.UUID
    data: dict[str, Any]
    created: datetime.datetime
    modified: datetime.datetime
    organization: str
    tags: frozenset[str]
    groups: frozenset[str]
    formats: frozenset[str]  # as stored: upper case
    license_id: str
    visible: bool  # active and public


def _pick_formats(rng: random.Random, geo: bool) -> list[tuple[str, str]]:
    """(format, what the file is) for the three resources."""
    main = rng.choices(
        ["CSV", "XLSX", "GEOJSON"] if geo else ["CSV", "XLSX"], [65, 20, 15] if geo else [75, 25]
    )
    second = rng.choices(["SHP", "GEOJSON", "XLSX"] if geo else ["XLSX", "CSV", "PDF"], [40, 30, 30])
    third = rng.choices(["PDF", "GEOJSON", "CSV"], [70, 15, 15])
    return [(main[0], "データ"), (second[0], "データ（別形式）"), (third[0], "項目定義書")]


def dataset_input(index: int, *, seed: int = SEED) -> DatasetInput:
    rng = random.Random(f"kencho-catalog-{seed}-{index}")
    publisher = rng.choices(PUBLISHERS, [p.weight for p in PUBLISHERS])[0]
    topic = _TOPIC_BY_SLUG[rng.choice(publisher.topics)] if publisher.topics else rng.choice(TOPICS)
    place = "三重県" if publisher.code == _PREF else publisher.title_ja
    year = rng.randint(2015, 2024)
    era = _ERA.get(year, f"{year}年度")
    title = f"{place} {topic.title}" + (f"（{era}）" if rng.random() < 0.6 else "")
    created = _FIRST + datetime.timedelta(seconds=rng.uniform(0, (_LAST - _FIRST).total_seconds()))
    modified = created + datetime.timedelta(seconds=rng.uniform(0, (_LAST - created).total_seconds()))
    sentences = [f"{publisher.title_ja}が公開する{topic.title}のデータです。", topic.sentence]
    for template in rng.sample(_SENTENCES, rng.randint(1, 3)):
        sentences.append(template.format(date=f"{year}年{rng.randint(1, 12)}月1日", word=rng.choice(_WORDS)))
    tags = list(topic.tags)
    extra_weights = [1 / (rank + 1) for rank in range(len(EXTRA_TAGS))]
    tags += rng.choices(EXTRA_TAGS, extra_weights, k=rng.randint(0, 4))
    if rng.random() < 0.5:
        tags.append(f"{year}年度" if rng.random() < 0.6 else era)
    if publisher.code != _PREF and rng.random() < 0.6:
        tags.append(publisher.title_ja)
    tags = list(dict.fromkeys(tags))
    groups = list(topic.groups)
    name = f"{publisher.name}-{topic.slug}-{index:05d}"
    resources = []
    formats = _pick_formats(rng, topic.geo)
    for position, (fmt, what) in enumerate(formats):
        extension = {"GEOJSON": "geojson", "SHP": "zip"}.get(fmt, fmt.lower())
        resources.append(
            {
                "name": f"{topic.title}（{what}）",
                "description": f"{topic.title}の{what}です。"
                + ("文字コードはUTF-8です。" if fmt == "CSV" else ""),
                "format": fmt.lower() if rng.random() < 0.2 else fmt,  # clients send either
                "url": f"https://{publisher.host}/opendata/{name}/{position + 1}.{extension}",
            }
        )
    license_id = rng.choices([lid for lid, _ in LICENCES], [w for _, w in LICENCES])[0]
    state = "draft" if rng.random() < 0.03 else "active"
    private = rng.random() < 0.02
    data: dict[str, Any] = {
        "name": name,
        "title": title,
        "title_en": f"{topic.title_en} ({publisher.title_en})" if rng.random() < 0.3 else "",
        "notes": "".join(sentences),
        "owner_org": publisher.name,
        "license_id": license_id,
        "maintainer": f"{publisher.title_ja} オープンデータ担当",
        "maintainer_email": f"opendata@{publisher.host.removeprefix('www.')}",
        "url": f"https://{publisher.host}/{topic.slug}/" if rng.random() < 0.5 else "",
        "frequency": rng.choice(["annual", "annual", "monthly", "irregular", "quarterly", ""]),
        "spatial": "三重県" + ("" if publisher.code == _PREF else publisher.title_ja),
        "temporal_start": f"{year}-04-01",
        "temporal_end": f"{year + 1}-03-31",
        "state": state,
        "private": private,
        "tags": [{"name": tag} for tag in tags],
        "groups": [{"name": group} for group in groups],
        "extras": [{"key": "調査年度", "value": era}] if rng.random() < 0.3 else [],
        "resources": resources,
    }
    return DatasetInput(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        data=data,
        created=created,
        modified=modified,
        organization=publisher.name,
        tags=frozenset(tags),
        groups=frozenset(groups),
        formats=frozenset(fmt for fmt, _ in formats),
        license_id=license_id,
        visible=state == "active" and not private,
    )


def catalogue_create() -> None:
    """The publishers and groups, through the services."""
    from kencho.opendata.services import group_create, organization_create

    for publisher in PUBLISHERS:
        organization_create(
            name=publisher.name,
            title_ja=publisher.title_ja,
            title_en=publisher.title_en,
            municipality_code=publisher.code,
        )
    for name, title_ja, title_en in GROUPS:
        group_create(name=name, title_ja=title_ja, title_en=title_en)


def datasets_load(start: int, stop: int, *, seed: int = SEED, batch: int = 1000) -> None:
    """Datasets start..stop-1 with their tags, groups and resources, in batches."""
    from kencho.opendata.models import Group, Organization

    organizations = {o.name: o for o in Organization.objects.all()}
    groups = {g.name: g for g in Group.objects.all()}
    for first in range(start, stop, batch):
        inputs = [dataset_input(i, seed=seed) for i in range(first, min(first + batch, stop))]
        _load_batch(inputs, organizations, groups)


def _load_batch(inputs: list[DatasetInput], organizations: dict[str, Any], groups: dict[str, Any]) -> None:
    from django.db import transaction

    from kencho.opendata.models import Dataset, Resource, Tag
    from kencho.opendata.services import _apply_dataset_fields, _search_fields
    from kencho.opendata.validation import dataset_input_clean, resource_input_clean

    datasets: list[Dataset] = []
    resources: list[Resource] = []
    tag_links: list[tuple[uuid.UUID, str]] = []
    group_links: list[Any] = []
    for item in inputs:
        # Every field is given, so partial=True cleans them as partial=False would; the publisher and
        # groups are looked up once per run instead of once per dataset.
        given = {key: value for key, value in item.data.items() if key not in {"owner_org", "groups"}}
        cleaned = dataset_input_clean(given, partial=True)
        cleaned["organization"] = organizations[item.data["owner_org"]]
        cleaned["groups"] = [groups[group["name"]] for group in item.data["groups"]]
        dataset = Dataset(id=item.id, metadata_created=item.created, metadata_modified=item.modified)
        _apply_dataset_fields(dataset, cleaned)
        datasets.append(dataset)
        tag_links += [(item.id, name) for name in cleaned["tags"]]
        group_links += [Dataset.groups.through(dataset_id=item.id, group=g) for g in cleaned["groups"]]
        for position, raw in enumerate(cleaned["resources"]):
            resource = Resource(
                dataset=dataset, position=position, created=item.created, metadata_modified=item.modified
            )
            for key, value in resource_input_clean(raw, partial=False).items():
                setattr(resource, key, value)
            resources.append(resource)
    with transaction.atomic():
        Tag.objects.bulk_create([Tag(name=name) for _, name in tag_links], ignore_conflicts=True)
        tag_ids = dict(Tag.objects.values_list("name", "id"))
        Dataset.objects.bulk_create(datasets)
        Dataset.tags.through.objects.bulk_create(
            [Dataset.tags.through(dataset_id=d, tag_id=tag_ids[name]) for d, name in tag_links]
        )
        Dataset.groups.through.objects.bulk_create(group_links)
        Resource.objects.bulk_create(resources)
        saved = (
            Dataset.objects.filter(id__in=[d.id for d in datasets])
            .select_related("organization")
            .prefetch_related("groups")
        )
        for dataset in saved:
            _search_fields(dataset)
        Dataset.objects.bulk_update(saved, ["search_title", "search_document"])


def datasets_verify(indexes: Iterable[int], *, seed: int = SEED) -> list[str]:
    """Differences between bulk-loaded datasets and the same input sent through dataset_create (made
    in a transaction that is rolled back): package_dict and both search columns."""
    from django.db import transaction

    from kencho.opendata.dicts import package_dict
    from kencho.opendata.models import Dataset
    from kencho.opendata.services import dataset_create

    problems: list[str] = []
    for index in indexes:
        item = dataset_input(index, seed=seed)
        loaded = Dataset.objects.select_related("organization").get(pk=item.id)
        with transaction.atomic():
            created = dataset_create(actor=None, data={**item.data, "name": f"verify-{index}"})
            created = Dataset.objects.select_related("organization").get(pk=created.pk)
            expected, actual = _comparable(package_dict(created)), _comparable(package_dict(loaded))
            for key in sorted(set(expected) | set(actual)):
                if expected.get(key) != actual.get(key):
                    problems.append(f"{loaded.name}: {key} {actual.get(key)!r} != {expected.get(key)!r}")
            for column in ("search_title", "search_document"):
                if getattr(created, column) != getattr(loaded, column):
                    problems.append(f"{loaded.name}: {column} differs from dataset_create's")
            transaction.set_rollback(True)
    return problems


_PER_DATASET = {"id", "name", "landing_page", "metadata_created", "metadata_modified"}
_PER_RESOURCE = {"id", "package_id", "created", "metadata_modified"}


def _comparable(package: dict[str, Any]) -> dict[str, Any]:
    """The package dict without what differs between two copies of one input: ids, names, times."""
    result = {key: value for key, value in package.items() if key not in _PER_DATASET}
    result["resources"] = [
        {key: value for key, value in resource.items() if key not in _PER_RESOURCE}
        for resource in package["resources"]
    ]
    return result
