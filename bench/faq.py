"""FAQ retrieval: quality on the labelled queries and query latency over 10,000 entries.

    .venv/bin/python bench/faq.py [--entries 10000] [--rounds 2] [--quick]

In process, against a throwaway SQLite database (the search index lives in memory, so the database
only matters for loading). It

1. loads the three demo collections and measures hit@1, hit@3, nDCG@10 and MRR of BM25 alone,
   embeddings alone and the fused ranking on kencho/assist/faq/demo/queries.json — the same figures
   as manage.py faq_evaluate and the regression test;
2. builds one collection of `--entries` entries: the 143 demo entries (keys prefixed by their
   collection) and generated ones (below), and prints the time to save them and to embed them;
3. measures the labelled queries that have an answer against that big collection, where thousands of
   entries share their words (営業時間, 駐車場, 申請方法 ...);
4. sends every labelled query, `--rounds` times, through faq_search with each retriever in turn
   (BM25 alone, embeddings alone, hybrid), the query-embedding cache cleared before each, and prints
   p50/p99 latency and hybrid's ratio to BM25's, all in the same run.

Generated entries: questions people ask a prefecture, from templates over real names — the 29
municipalities of 三重県 × 15 kinds of facility × 10 things asked about them (営業時間, 休館日, 駐車場 ...),
21 prefectural procedures × 10 aspects (申請方法, 必要書類, 手数料 ...) asked from each municipality,
and 15 staff systems × 8 problems — shuffled with a fixed seed, each with one phrasing and a short
templated answer. Entry `i` is the same in every run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as bench/faq.py, which puts only bench/ on the path
    sys.path.insert(0, str(ROOT))

MUNICIPALITIES = [
    "津市",
    "四日市市",
    "伊勢市",
    "松阪市",
    "桑名市",
    "鈴鹿市",
    "名張市",
    "尾鷲市",
    "亀山市",
    "鳥羽市",
    "熊野市",
    "いなべ市",
    "志摩市",
    "伊賀市",
    "木曽岬町",
    "東員町",
    "菰野町",
    "朝日町",
    "川越町",
    "多気町",
    "明和町",
    "大台町",
    "玉城町",
    "度会町",
    "大紀町",
    "南伊勢町",
    "紀北町",
    "御浜町",
    "紀宝町",
]
FACILITIES = [
    "道の駅",
    "美術館",
    "博物館",
    "図書館",
    "温泉施設",
    "キャンプ場",
    "海水浴場",
    "総合公園",
    "観光案内所",
    "体験工房",
    "城跡",
    "展望台",
    "資料館",
    "植物園",
    "スポーツセンター",
]
FACILITY_ASPECTS = (
    ("営業時間", "開いている時間は季節によって異なります。"),
    ("休館日", "毎週月曜日（祝日の場合は翌日）と年末年始が休みです。"),
    ("入館料", "大人と子どもで料金が異なり、団体割引があります。"),
    ("駐車場", "無料の駐車場がありますが、休日は混み合います。"),
    ("最寄り駅からの行き方", "最寄り駅から路線バスまたはタクシーをご利用ください。"),
    ("団体予約", "20名以上の団体は2週間前までに予約してください。"),
    ("バリアフリー設備", "車いすの貸出と多機能トイレがあります。"),
    ("ペット同伴", "補助犬以外のペットは建物に入れません。"),
    ("写真撮影", "展示室内の撮影は一部を除いてできます。"),
    ("雨の日の楽しみ方", "屋内の展示や体験をご利用いただけます。"),
)
PROCEDURES = [
    "県営住宅の入居申込",
    "狩猟免許の取得",
    "食品営業許可",
    "建設業許可",
    "産業廃棄物収集運搬業許可",
    "宅地建物取引業免許",
    "旅券（パスポート）の申請",
    "高校生の奨学金",
    "身体障害者手帳",
    "指定難病の医療費助成",
    "浄化槽設置の補助",
    "農地転用の許可",
    "屋外広告物の許可",
    "薬局開設の許可",
    "介護事業所の指定",
    "NPO法人の設立認証",
    "保安林の伐採届",
    "河川占用の許可",
    "道路占用の許可",
    "毒物劇物販売業の登録",
    "自動車の保管場所証明",
]
PROCEDURE_ASPECTS = (
    ("申請方法", "電子申請または窓口で申請できます。"),
    ("必要書類", "申請書のほか、本人確認書類などが必要です。"),
    ("手数料", "手数料は県の収入証紙またはキャッシュレスで納めます。"),
    ("審査にかかる期間", "標準処理期間はおおむね2週間から1か月です。"),
    ("電子申請", "マイナンバーカードがあれば電子申請ができます。"),
    ("窓口", "お住まいの地域を担当する県の事務所が窓口です。"),
    ("更新手続き", "有効期間が切れる前に更新の申請をしてください。"),
    ("変更届", "内容に変更があったときは30日以内に届け出てください。"),
    ("申請の期限", "期限は年度ごとに定められています。"),
    ("代理申請", "委任状があれば代理の方も申請できます。"),
)
SYSTEMS = [
    "財務会計システム",
    "文書管理システム",
    "人事給与システム",
    "庶務事務システム",
    "電子入札システム",
    "地図情報システム",
    "グループウェア",
    "施設予約システム",
    "統合型GIS",
    "議会資料システム",
    "電子申請管理画面",
    "税務システム",
    "福祉総合システム",
    "研修管理システム",
    "公用車予約システム",
]
SYSTEM_PROBLEMS = (
    "にログインできない",
    "でエラーが表示される",
    "の動作が遅い",
    "から印刷できない",
    "の操作方法がわからない",
    "のパスワードを変更したい",
    "の利用権限を追加したい",
    "からデータをCSVで出力したい",
)


def generated_entries(count: int, *, seed: int = 20250401) -> list[tuple[str, str, str]]:
    """(key, question, answer) for `count` generated entries, the same for every run."""
    questions: list[tuple[str, str]] = []
    for city in MUNICIPALITIES:
        for facility in FACILITIES:
            for aspect, answer in FACILITY_ASPECTS:
                questions.append(
                    (f"{city}の{facility}の{aspect}を教えてください。", f"{city}の{facility}: {answer}")
                )
        for procedure in PROCEDURES:
            for aspect, answer in PROCEDURE_ASPECTS:
                questions.append(
                    (f"{city}に住んでいます。{procedure}の{aspect}は？", f"{procedure}: {answer}")
                )
    for system in SYSTEMS:
        for problem in SYSTEM_PROBLEMS:
            questions.append(
                (f"{system}{problem}", f"{system}の手順書をご覧いただき、解決しない場合はヘルプデスクへ。")
            )
    random.Random(seed).shuffle(questions)
    if count > len(questions):
        raise SystemExit(f"at most {len(questions)} generated entries")
    return [(f"gen-{i:05d}", q, a) for i, (q, a) in enumerate(questions[:count])]


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kencho.settings.dev")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10_000, help="entries in the big collection")
    parser.add_argument("--rounds", type=int, default=2, help="times each labelled query is sent")
    parser.add_argument("--quick", action="store_true", help="1,000 entries, one round: a smoke test")
    args = parser.parse_args()
    if args.quick:
        args.entries, args.rounds = 1_000, 1
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kencho-faq-bench-") as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        return run(args, started)


def run(args: Any, started: float) -> int:
    from kencho.assist.faq import embeddings
    from kencho.assist.faq.demo.loader import (
        LabelledQuery,
        demo_collection_load,
        demo_definitions,
        entry_contents,
        labelled_queries,
    )
    from kencho.assist.faq.evaluation import flag_metrics, retrieval_metrics
    from kencho.assist.faq.evaluation_cases import cases_for
    from kencho.assist.faq.fusion import FusionParameters
    from kencho.assist.faq.index import build_index, forget_indexes, index_for
    from kencho.assist.faq.retrieval import Retriever
    from kencho.assist.faq.search import faq_search
    from kencho.assist.faq.services import EntryContent, collection_create, entries_save
    from kencho.assist.faq.vectors import entries_embed
    from kencho.core.services import org_unit_create

    load = os.getloadavg()[0]
    print(
        f"FAQ retrieval benchmark: {args.entries:,} entries, {os.cpu_count()} cores, load average {load:.1f}"
    )
    print(f"embedding model {embeddings.MODEL_NAME} ({embeddings.DIMENSION} dimensions)\n")

    # 1. The labelled set on the demo collections as shipped.
    definitions = demo_definitions()
    t = time.monotonic()
    for definition in definitions:
        entries_embed(collection=demo_collection_load(definition, embed=False))
    demo_seconds = time.monotonic() - t
    queries = labelled_queries()
    cases = cases_for(queries)
    params = FusionParameters.defaults()
    header = "                              hit@1  hit@3  nDCG@10    MRR"
    print(
        f"labelled queries on the demo collections ({len(cases)} queries; "
        f"demo loaded in {demo_seconds:.0f} s)"
    )
    print(header)
    for retriever in Retriever:
        print(f"  {retriever.value:<26}  {retrieval_metrics(cases, params, retriever).row()}")
    flags = flag_metrics(cases, params)
    print(
        f"  nothing-fits flag: balanced accuracy {flags.balanced_accuracy:.3f} "
        f"(wrong tops flagged {flags.wrong_flagged:.3f}, right tops kept {flags.right_kept:.3f})\n"
    )

    # 2. One big collection: the demo entries and generated ones.
    unit = org_unit_create(
        code="99", name_ja="ベンチマーク課", name_en="Benchmark", level="division", parent=None
    )
    big = collection_create(slug="bench", title_ja="ベンチマーク", owner_unit=unit)
    contents: list[EntryContent] = []
    for definition in definitions:
        for content in entry_contents(definition):
            contents.append(
                EntryContent(
                    **{**content.__dict__, "key": f"{definition['slug']}--{content.key}", "category": ""}
                )
            )
    contents += [
        EntryContent(key=key, question=q, answer=a)
        for key, q, a in generated_entries(args.entries - len(contents))
    ]
    t = time.monotonic()
    entries_save(collection=big, contents=contents, embed=False)
    save_seconds = time.monotonic() - t
    embeddings._phrasing_cache.clear()  # the demo texts were embedded in step 1: embed everything again
    t = time.monotonic()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.monotonic() - last[0] > 30 or done == total:
            last[0] = time.monotonic()
            print(f"  embedding {done:,}/{total:,} phrasings ({time.monotonic() - t:.0f} s)", flush=True)

    entries_embed(collection=big, progress=progress)
    embed_seconds = time.monotonic() - t
    big.refresh_from_db()
    forget_indexes()
    t = time.monotonic()
    index = build_index(big)
    index_seconds = time.monotonic() - t
    index_for(big)
    texts = len(index.phrasings)
    print(
        f"{index.size:,} entries, {texts:,} phrasings: saved in {save_seconds:.0f} s; "
        f"embedded in {embed_seconds:.0f} s "
        f"({texts / embed_seconds:.1f} phrasings/s); index built in {index_seconds:.1f} s "
        f"({index.vectors.nbytes / 1e6:.0f} MB of vectors)\n"
    )

    # 3. The labelled queries that have an answer, among 10,000 entries.
    moved = [
        LabelledQuery("bench", q.query, tuple(f"{q.collection}--{k}" for k in q.expected))
        for q in queries
        if q.expected
    ]
    big_cases = cases_for(moved)
    print(
        f"labelled queries with an answer, in the {index.size:,}-entry collection ({len(big_cases)} queries)"
    )
    print(header)
    for retriever in Retriever:
        print(f"  {retriever.value:<26}  {retrieval_metrics(big_cases, params, retriever).row()}")

    # 4. Latency of faq_search, the retrievers interleaved query by query.
    timings: dict[Retriever, list[float]] = {r: [] for r in Retriever}
    for _ in range(args.rounds):
        for query in queries:
            for retriever in Retriever:
                embeddings._query_vector_cached.cache_clear()
                t = time.perf_counter()
                faq_search(collection=big, query=query.query, k=5, retriever=retriever, log_unanswered=False)
                timings[retriever].append(1000 * (time.perf_counter() - t))
    bm25_p50 = statistics.median(timings[Retriever.BM25])
    print(
        f"\nfaq_search latency over {index.size:,} entries ({len(timings[Retriever.BM25])} queries each, k=5)"
    )
    print("  retriever         p50 ms   p99 ms   p50 ÷ BM25")
    for retriever, values in timings.items():
        p50 = statistics.median(values)
        print(f"  {retriever.value:<16} {p50:7.1f}  {percentile(values, 0.99):7.1f}   {p50 / bm25_p50:8.1f}")
    print(
        f"\nwhole run {time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.1f} at the end "
        "(other work on the machine raises every latency)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
