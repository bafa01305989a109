"""The default skills taxonomy. Production needs it as much as the demo does, so it ships
as data. Staff can rename, retire (untick "offered in the survey") and add skills later;
running this again only adds what is missing."""

from django.db import migrations
from django.utils.text import slugify

# (category, description, [(skill, SFIA code or "")])
TAXONOMY = [
    (
        "Software engineering",
        "Writing, designing and testing software in specific languages and platforms.",
        [
            ("Python", "PROG"),
            ("JavaScript and TypeScript", "PROG"),
            ("Java", "PROG"),
            ("C# and .NET", "PROG"),
            ("PHP", "PROG"),
            ("Go", "PROG"),
            ("Rust", "PROG"),
            ("C and C++", "PROG"),
            ("Kotlin and Android development", "PROG"),
            ("Swift and iOS development", "PROG"),
            ("Cross-platform mobile (Flutter, React Native)", "PROG"),
            ("Front-end web development", "PROG"),
            ("Back-end web development", "PROG"),
            ("Full-stack development", "PROG"),
            ("Software architecture", "ARCH"),
            ("Software design", "SWDN"),
            ("Software testing and quality assurance", "TEST"),
            ("Test automation", "TEST"),
            ("Embedded and firmware development", "PROG"),
            ("Games programming (Unity, Unreal)", "PROG"),
        ],
    ),
    (
        "Data and AI",
        "Collecting, managing, analysing and learning from data.",
        [
            ("Data engineering", "DENG"),
            ("Data analysis", "DAAN"),
            ("Data science", "DATS"),
            ("Machine learning engineering", "MLNG"),
            ("Generative AI and large language models", "MLNG"),
            ("MLOps", "MLNG"),
            ("Data visualisation", "VISL"),
            ("Business intelligence and reporting", "BINT"),
            ("Database administration", "DBAD"),
            ("Database design", "DBDS"),
            ("Data governance and management", "DATM"),
            ("Statistics and modelling", ""),
            ("Computer vision", "MLNG"),
            ("Natural language processing", "MLNG"),
        ],
    ),
    (
        "Cyber security",
        "Protecting systems, networks and data, and responding when things go wrong.",
        [
            ("Information security management", "SCTY"),
            ("Penetration testing", "PENT"),
            ("Security operations and monitoring", "SCAD"),
            ("Vulnerability assessment", "VUAS"),
            ("Incident response", ""),
            ("Threat intelligence", "THIN"),
            ("Digital forensics", "DGFS"),
            ("Identity and access management", "IAMT"),
            ("Secure software development", ""),
            ("Governance, risk and compliance", ""),
        ],
    ),
    (
        "Cloud and infrastructure",
        "Running the platforms, networks and pipelines that software depends on.",
        [
            ("Amazon Web Services (AWS)", ""),
            ("Microsoft Azure", ""),
            ("Google Cloud", ""),
            ("DevOps and continuous delivery", "RELM"),
            ("Infrastructure as code", ""),
            ("Containers and Kubernetes", ""),
            ("Site reliability engineering", ""),
            ("Linux systems administration", "ITOP"),
            ("Network engineering", "NTDS"),
            ("IT support and service desk", ""),
            ("Platform engineering", ""),
        ],
    ),
    (
        "Product, design and delivery",
        "Deciding what to build, designing it with users, and delivering it.",
        [
            ("Product management", "PROD"),
            ("User research", "URCH"),
            ("User experience (UX) design", "HCEV"),
            ("Interface and visual design", ""),
            ("Content design", ""),
            ("Accessibility", ""),
            ("Service design", ""),
            ("Business analysis", "BUSA"),
            ("Agile delivery management", "DLMG"),
            ("Project and programme management", "PRMG"),
        ],
    ),
    (
        "Digital marketing and commerce",
        "Reaching customers online and selling to them.",
        [
            ("Search engine optimisation (SEO)", ""),
            ("Paid search and social advertising", ""),
            ("Social media marketing", ""),
            ("Content marketing", ""),
            ("Email marketing and CRM", ""),
            ("Marketing analytics", ""),
            ("E-commerce management", ""),
            ("Video and motion graphics", ""),
        ],
    ),
    (
        "Emerging and specialist technology",
        "Specialist fields where the region has strengths or ambitions.",
        [
            ("Internet of things", ""),
            ("Robotics and automation", ""),
            ("Extended reality (AR, VR, XR)", ""),
            ("Blockchain and distributed ledgers", ""),
            ("Quantum computing", ""),
            ("Geospatial data and GIS", ""),
            ("Bioinformatics", ""),
            ("Games design", ""),
            ("3D art and animation", "ADEV"),
        ],
    ),
]


def add_taxonomy(apps, schema_editor):
    SkillCategory = apps.get_model("people", "SkillCategory")
    Skill = apps.get_model("people", "Skill")
    for position, (name, description, skills) in enumerate(TAXONOMY, start=1):
        category, _ = SkillCategory.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "description": description, "position": position * 10},
        )
        for skill_name, sfia in skills:
            Skill.objects.get_or_create(
                slug=slugify(skill_name),
                defaults={"name": skill_name, "category": category, "sfia_code": sfia},
            )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(add_taxonomy, migrations.RunPython.noop)]
