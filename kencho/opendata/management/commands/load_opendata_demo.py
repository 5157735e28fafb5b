"""Demo open data catalogue: publishers of the prefecture and a municipality, groups, and datasets
with real files — a tsunami inundation shapefile, a Shift_JIS table, a standard AED list and a
monthly statistic. Safe to run again: it does nothing when the demo datasets exist."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kencho.core.models import Membership, OrgUnit, User
from kencho.core.services import membership_add, org_unit_create

from ...demo import files
from ...models import Dataset, Group, Organization
from ...services import dataset_create, group_create, organization_create, resource_save

GROUPS = [
    ("bosai", "防災", "Disaster prevention"),
    ("kanko", "観光", "Tourism"),
    ("sangyo", "産業・経済", "Industry and economy"),
    ("kosodate", "子育て", "Child-rearing"),
    ("tokei", "統計", "Statistics"),
]
MUNICIPAL_EDITOR = "tsu.opendata@kencho.example.jp"


class Command(BaseCommand):
    help = "Load the demo open data catalogue (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Dataset.objects.filter(name="tsunami-shinsui-soutei").exists():
            self.stdout.write("demo catalogue already loaded")
            return
        with transaction.atomic():
            publisher = self._publishers()
            self._groups()
            self._datasets(publisher)
        self.stdout.write(self.style.SUCCESS("demo open data catalogue ready"))

    def _publishers(self) -> User:
        department = OrgUnit.objects.filter(code="04").first() or org_unit_create(
            code="04",
            name_ja="防災対策部",
            name_en="Disaster Prevention Department",
            level="department",
            parent=None,
        )
        division = OrgUnit.objects.filter(code="0401").first() or org_unit_create(
            code="0401",
            name_ja="防災企画・地域支援課",
            name_en="Disaster Planning and Community Support Division",
            level="division",
            parent=department,
        )
        officer = User.objects.filter(email="officer@kencho.example.jp").first()
        if officer and not Membership.objects.filter(user=officer, unit=division).exists():
            membership_add(user=officer, unit=division, role=Membership.Role.OFFICER, title="主事")
        economy = OrgUnit.objects.filter(code="0201").first()
        for name, title_ja, title_en, unit, code in [
            ("mie-bosai", "三重県 防災対策部", "Mie Prefecture Disaster Prevention Department", division, ""),
            ("mie-chusho", "三重県 中小企業・サービス産業振興課", "Mie Prefecture SME Division", economy, ""),
            ("mie-tokei", "三重県 統計課", "Mie Prefecture Statistics Division", None, ""),
            ("tsu-city", "津市", "Tsu City", None, "242012"),
        ]:
            if not Organization.objects.filter(name=name).exists():
                organization_create(
                    name=name, title_ja=title_ja, title_en=title_en, unit=unit, municipality_code=code
                )
        editor = User.objects.filter(email=MUNICIPAL_EDITOR).first() or User.objects.create_user(
            MUNICIPAL_EDITOR,
            "kencho-demo-2025",
            kind=User.Kind.STAFF,
            display_name="津市 情報政策課",
            email_verified_at=timezone.now(),
        )
        Organization.objects.get(name="tsu-city").editors.add(editor)
        return officer or editor

    def _groups(self) -> None:
        for name, title_ja, title_en in GROUPS:
            if not Group.objects.filter(name=name).exists():
                group_create(name=name, title_ja=title_ja, title_en=title_en)

    def _datasets(self, actor: User) -> None:
        common = {"license_id": "cc-by-4.0", "maintainer_email": "opendata@pref.mie.example.jp"}
        tsunami = dataset_create(
            actor=actor,
            data={
                **common,
                "name": "tsunami-shinsui-soutei",
                "title": "津波浸水想定区域（津市沿岸）",
                "title_en": "Tsunami inundation areas (Tsu coast)",
                "notes": "南海トラフ地震を想定した津波浸水想定区域です。"
                "浸水深の区分ごとの範囲を収録しています。座標系は JGD2011 平面直角座標系 第VI系です。",
                "notes_en": "Areas a tsunami after a Nankai Trough earthquake would flood, by depth.",
                "owner_org": "mie-bosai",
                "tags": [{"name": "津波"}, {"name": "防災"}, {"name": "ハザードマップ"}],
                "groups": [{"name": "bosai"}],
                "maintainer": "防災企画・地域支援課",
                "frequency": "irregular",
                "spatial": "三重県津市",
            },
        )
        resource_save(
            actor=actor,
            dataset=tsunami,
            data={
                "name": "津波浸水想定区域（シェープファイル）",
                "description": "浸水深の区分ごとのポリゴン",
            },
            upload=SimpleUploadedFile(
                "tsunami_shinsui.zip", files.tsunami_shapefile_zip(), "application/zip"
            ),
        )
        schemes = dataset_create(
            actor=actor,
            data={
                **common,
                "license_id": "pdl-1.0",
                "name": "chusho-shien-seido",
                "title": "中小企業向け支援制度一覧",
                "title_en": "Support schemes for small and medium-sized businesses",
                "notes": "県が実施する中小企業・小規模事業者向けの補助金・融資制度の一覧です。",
                "owner_org": "mie-chusho",
                "tags": [{"name": "補助金"}, {"name": "中小企業"}, {"name": "融資"}],
                "groups": [{"name": "sangyo"}],
                "frequency": "annual",
                "temporal_start": "2024-04-01",
                "temporal_end": "2025-03-31",
            },
        )
        resource_save(
            actor=actor,
            dataset=schemes,
            data={"name": "支援制度一覧（CSV, Shift_JIS）"},
            upload=SimpleUploadedFile("shien_seido.csv", files.support_schemes_csv(), "text/csv"),
        )
        aed = dataset_create(
            actor=actor,
            data={
                **common,
                "name": "tsu-aed",
                "title": "津市 AED設置箇所一覧",
                "title_en": "AED locations in Tsu City",
                "notes": "自治体標準オープンデータセットの形式によるAED設置箇所の一覧です。",
                "owner_org": "tsu-city",
                "tags": [{"name": "AED"}, {"name": "医療"}],
                "groups": [{"name": "bosai"}],
                "frequency": "quarterly",
                "spatial": "三重県津市",
            },
        )
        resource_save(
            actor=actor,
            dataset=aed,
            data={"name": "AED設置箇所一覧", "standard_dataset": "aed"},
            upload=SimpleUploadedFile("242012_aed.csv", files.aed_csv(), "text/csv"),
        )
        population = dataset_create(
            actor=actor,
            data={
                **common,
                "name": "jinko-suikei-2024",
                "title": "三重県の人口推計（月別）",
                "title_en": "Population estimates of Mie Prefecture (monthly)",
                "notes": "毎月1日現在の推計人口と世帯数です。",
                "owner_org": "mie-tokei",
                "tags": [{"name": "人口"}, {"name": "統計"}],
                "groups": [{"name": "tokei"}],
                "frequency": "monthly",
                "temporal_start": "2024-01-01",
                "temporal_end": "2024-12-31",
            },
        )
        resource_save(
            actor=actor,
            dataset=population,
            data={"name": "月別推計人口 2024年"},
            upload=SimpleUploadedFile("jinko_2024.csv", files.population_csv(), "text/csv"),
        )
        dataset_create(
            actor=actor,
            data={
                **common,
                "name": "kanko-shisetsu",
                "title": "観光施設一覧（準備中）",
                "notes": "公開前の下書きです。",
                "owner_org": "mie-bosai",
                "state": "draft",
                "tags": [{"name": "観光"}],
                "groups": [{"name": "kanko"}],
            },
        )
