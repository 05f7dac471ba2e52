"""The demo site in other languages: translated home and hubs, translated stories, a local hub,
the authors' profiles and the topics' names.

Languages without a translation of a page simply do not list it: the hub index
of each locale shows what exists there, and the language switcher offers only
the translations that exist.
"""

HOME = {
    "fr": (
        "Townsquare",
        "<p>Des communautés animées par celles et ceux qui travaillent ici, autour de ce qui compte "
        "pour nos clients : travailler de partout, se déplacer à vélo, mieux photographier.</p>",
    ),
    "de": (
        "Townsquare",
        "<p>Gemeinschaften, getragen von den Menschen, die hier arbeiten – rund um das, was unseren "
        "Kundinnen und Kunden wichtig ist: ortsunabhängig arbeiten, mit dem Rad unterwegs sein, besser fotografieren.</p>",
    ),
    "es": (
        "Townsquare",
        "<p>Comunidades animadas por las personas que trabajan aquí, sobre lo que importa a nuestros "
        "clientes: trabajar desde cualquier lugar, moverse en bicicleta, hacer mejores fotos.</p>",
    ),
    "ja": (
        "Townsquare",
        "<p>ここで働く人たちが運営する、お客様が大切にしていることのためのコミュニティ。"
        "どこでも働くこと、自転車での移動、もっと良い写真。</p>",
    ),
    "ar": (
        "Townsquare",
        "<p>مجتمعات يديرها العاملون هنا حول ما يهمّ عملاءنا: العمل من أي مكان، والتنقّل بالدراجة، والتقاط صور أفضل.</p>",
    ),
}

HUBS = {
    "workshifting": {
        "fr": ("Travailler autrement", "Bien travailler de partout : à la maison, en déplacement, au café du coin."),
        "de": ("Anders arbeiten", "Gut arbeiten, egal wo: zu Hause, unterwegs, im Café um die Ecke."),
        "es": (
            "Trabajar en remoto",
            "Trabajar bien desde cualquier lugar: en casa, de viaje, en la cafetería de la esquina.",
        ),
        "ja": ("ワークシフティング", "どこでも気持ちよく働く：自宅でも、移動中でも、近所のカフェでも。"),
        "ar": ("العمل المرن", "العمل الجيد من أي مكان: في البيت، وفي السفر، وفي المقهى القريب."),
    },
    "freewheelin": {
        "fr": (
            "Roue libre",
            "Aller au travail à vélo, rester en forme et rendre nos villes plus agréables à parcourir.",
        ),
        "de": ("Freilauf", "Mit dem Rad zur Arbeit, gesund bleiben und unsere Städte fahrradfreundlicher machen."),
        "es": (
            "Rueda libre",
            "Ir al trabajo en bicicleta, mantenerse en forma y hacer nuestras ciudades más amables.",
        ),
        "ja": ("フリーホイーリン", "自転車通勤で健康に。走りやすい街づくりも一緒に。"),
        "ar": ("على عجلتين", "الذهاب إلى العمل بالدراجة، والحفاظ على الصحة، وجعل مدننا أجمل للتنقّل."),
    },
    "through-the-lens": {
        "fr": (
            "À travers l’objectif",
            "La photo pour tous : de meilleures images avec l’appareil que vous avez déjà.",
        ),
        "de": ("Durch die Linse", "Fotografie für alle: bessere Bilder mit der Kamera, die Sie schon haben."),
        "es": ("A través del objetivo", "Fotografía para todos: mejores fotos con la cámara que ya tiene."),
        "ja": ("レンズの向こうに", "みんなの写真：今あるカメラで、もっと良い一枚を。"),
        "ar": ("من خلال العدسة", "التصوير للجميع: صور أفضل بالكاميرا التي تملكها بالفعل."),
    },
}

STORIES = {
    "five-rituals-distributed-team": {
        "fr": (
            "Cinq rituels qui rapprochent une équipe répartie",
            "Notre équipe couvre quatre fuseaux horaires. Ces petites habitudes font plus pour nous que n’importe quel outil.",
            [
                "Les notes du lundi : chacun écrit trois lignes sur sa semaine à venir, avant neuf heures à son heure locale.",
                "Les démos du vendredi : vingt minutes, caméra facultative, on montre ce qu’on a fait, même inachevé.",
                "Une seule réunion synchrone, animée à tour de rôle, pour que ce ne soient pas toujours les mêmes voix.",
                "Un canal pour partager en photo l’endroit d’où l’on travaille aujourd’hui. Ça paraît anodin ; c’est "
                "pourtant ce qui manque le plus quand on est en congé.",
                "Et une fois par an, on se retrouve en vrai, sans diapositives.",
            ],
        ),
        "de": (
            "Fünf Rituale, die ein verteiltes Team zusammenhalten",
            "Unser Team arbeitet in vier Zeitzonen. Diese kleinen Gewohnheiten helfen uns mehr als jedes Werkzeug.",
            [
                "Montagsnotizen: Alle schreiben drei Zeilen über ihre Woche – vor neun Uhr Ortszeit.",
                "Demo-Freitage: zwanzig Minuten, Kamera freiwillig, gezeigt wird alles, auch Unfertiges.",
                "Eine einzige gemeinsame Besprechung mit wechselnder Moderation, damit nicht immer dieselben reden.",
                "Ein Kanal für Fotos von dem Ort, an dem wir heute arbeiten. Klingt banal – und doch fehlt er im Urlaub "
                "am meisten.",
                "Und einmal im Jahr treffen wir uns persönlich – ohne Folien.",
            ],
        ),
        "es": (
            "Cinco rituales que mantienen unido a un equipo distribuido",
            "Nuestro equipo abarca cuatro husos horarios. Estos pequeños hábitos nos ayudan más que cualquier herramienta.",
            [
                "Notas del lunes: cada persona escribe tres líneas sobre su semana antes de las nueve, hora local.",
                "Viernes de demos: veinte minutos, cámara opcional, se enseña lo que sea, aunque esté a medias.",
                "Una sola reunión síncrona con presentación rotativa, para que no hablen siempre los mismos.",
                "Un canal para compartir fotos del sitio desde el que trabajamos hoy. Parece una tontería, pero es lo "
                "que más se echa de menos durante las vacaciones.",
                "Y una vez al año nos vemos en persona, sin diapositivas.",
            ],
        ),
        "ja": (
            "分散チームをつなぐ5つの習慣",
            "私たちのチームは4つのタイムゾーンにまたがっています。どんなツールよりも、この小さな習慣が役に立っています。",
            [
                "月曜メモ：各自が現地時間の9時までに、その週の予定を3行で書きます。",
                "金曜デモ：20分間、カメラは任意。未完成でも、やったことを見せ合います。",
                "全員が集まる会議は週に一度だけ。司会は持ち回りにして、いつも同じ人ばかりが話さないようにしています。",
                "今日の仕事場の写真を共有するチャンネル。ささいなことに思えますが、休暇中にいちばん恋しくなるのがこれです。",
                "そして年に一度、スライドなしで実際に顔を合わせます。",
            ],
        ),
        "ar": (
            "خمس عادات تجمع فريقًا موزّعًا",
            "يمتد فريقنا على أربع مناطق زمنية. هذه العادات الصغيرة تفيدنا أكثر من أي أداة.",
            [
                "ملاحظات الاثنين: يكتب كل واحد ثلاثة أسطر عن أسبوعه قبل التاسعة بتوقيته المحلي.",
                "عروض الجمعة: عشرون دقيقة، والكاميرا اختيارية، نعرض ما أنجزناه ولو لم يكتمل.",
                "اجتماع متزامن واحد فقط، تتناوب إدارته بيننا، حتى لا تتكلم الأصوات نفسها دائمًا.",
                "قناة لصور الأماكن التي نعمل منها اليوم. يبدو الأمر تافهًا، لكنه أكثر ما نفتقده حين نكون في إجازة.",
                "ومرة في السنة نلتقي وجهًا لوجه، من دون شرائح عرض.",
            ],
        ),
    },
    "cycling-through-a-northern-winter": {
        "fr": (
            "Aller au travail à vélo pendant un hiver nordique",
            "Verglas, nuit à seize heures et douze kilomètres de trajet. C’est plus facile qu’il n’y paraît, avec les bons "
            "éclairages et les bons pneus.",
            [
                "Le premier matin de gel, j’ai failli prendre le bus. En février, c’était moi qui persuadais mes "
                "collègues d’essayer de rouler dans la neige.",
                "Les pneus cloutés ont tout changé, tout comme des éclairages visibles aussi de côté.",
                "Les couches comptent plus que les vêtements chers : une fine laine, une coupe-vent et des moufles.",
                "La récompense : arriver bien réveillé, les soucis du jour déjà rangés en chemin.",
            ],
        ),
        "de": (
            "Mit dem Rad zur Arbeit durch einen nordischen Winter",
            "Eis, Dunkelheit um vier Uhr und zwölf Kilometer Arbeitsweg. Mit den richtigen Lampen und Reifen ist es "
            "leichter, als es klingt.",
            [
                "Am ersten frostigen Morgen hätte ich fast den Bus genommen. Im Februar überredete ich schon selbst "
                "Kolleginnen und Kollegen, das Radfahren im Schnee auszuprobieren.",
                "Spikereifen haben alles verändert – ebenso Lampen, die man auch von der Seite sieht.",
                "Schichten zählen mehr als teure Kleidung: dünne Wolle, eine winddichte Jacke und Fäustlinge.",
                "Der Lohn: wach ankommen, die Sorgen des Tages schon unterwegs sortiert.",
            ],
        ),
        "es": (
            "En bici al trabajo durante un invierno nórdico",
            "Hielo, oscuridad a las cuatro y doce kilómetros de trayecto. Con las luces y las ruedas adecuadas es más "
            "fácil de lo que parece.",
            [
                "La primera mañana de escarcha estuve a punto de coger el autobús. En febrero era yo quien convencía "
                "a mis compañeros de probar a pedalear sobre la nieve.",
                "Las ruedas de clavos lo cambiaron todo, igual que unas luces que se ven también de lado.",
                "Las capas importan más que la ropa cara: lana fina, un cortavientos y manoplas.",
                "La recompensa: llegar despierto, con las preocupaciones del día ya ordenadas por el camino.",
            ],
        ),
        "ja": (
            "北国の冬、自転車で通勤する",
            "凍った路面、午後4時の暗さ、片道12キロ。ふさわしいライトとタイヤがあれば、思ったより簡単です。",
            [
                "初めて霜が降りた朝は、危うくバスに乗るところでした。2月には、雪の中を走ってみようと同僚を誘う側になっていました。",
                "スパイクタイヤがすべてを変えました。横からも見えるライトも同じくらい大切です。",
                "高い服より重ね着が大事：薄手のウール、ウィンドブレーカー、そしてミトン。",
                "ごほうびは、すっきり目覚めて職場に着き、その日の心配事を道中で整理し終えていること。",
            ],
        ),
        "ar": (
            "إلى العمل بالدراجة في شتاء الشمال",
            "جليد، وظلام في الرابعة عصرًا، واثنا عشر كيلومترًا في الطريق. الأمر أسهل مما يبدو مع الأضواء والإطارات "
            "المناسبة.",
            [
                "في أول صباح متجمّد كدتُ أستقلّ الحافلة. وبحلول فبراير صرتُ أنا من يقنع زملائي بتجربة ركوب الدراجة في الثلج.",
                "الإطارات المسمارية غيّرت كل شيء، وكذلك الأضواء التي تُرى من الجانب أيضًا.",
                "الطبقات أهم من الملابس الغالية: صوف رقيق، وسترة واقية من الريح، وقفازات.",
                "والمكافأة: أن تصل إلى العمل يقظًا، وقد رتّبت هموم اليوم في الطريق.",
            ],
        ),
    },
}

# The authors' profiles (content.AUTHORS, by name) in every other language. Names stay as they are.
AUTHORS = {
    "Amara Okafor": {
        "fr": {
            "role": "Responsable succès client",
            "team": "Succès client",
            "region": "Lagos, Nigeria",
            "bio": "Travaille depuis une ancienne chambre d’amis, sur trois fuseaux horaires. "
            "Écrit sur les rituels qui rapprochent les équipes.",
        },
        "de": {
            "role": "Leiterin Customer Success",
            "team": "Customer Success",
            "region": "Lagos, Nigeria",
            "bio": "Arbeitet in einem umgebauten Gästezimmer, über drei Zeitzonen hinweg. "
            "Schreibt über Rituale, die Teams zusammenhalten.",
        },
        "es": {
            "role": "Responsable de éxito del cliente",
            "team": "Éxito del cliente",
            "region": "Lagos, Nigeria",
            "bio": "Trabaja desde un antiguo cuarto de invitados y en tres husos horarios. "
            "Escribe sobre los rituales que mantienen unidos a los equipos.",
        },
        "ja": {
            "role": "カスタマーサクセス・リード",
            "team": "カスタマーサクセス",
            "region": "ナイジェリア・ラゴス",
            "bio": "客間を改装した部屋から、3つのタイムゾーンをまたいで働いています。チームの距離を縮める習慣について書いています。",
        },
        "ar": {
            "role": "مسؤولة نجاح العملاء",
            "team": "نجاح العملاء",
            "region": "لاغوس، نيجيريا",
            "bio": "تعمل من غرفة ضيوف حوّلتها إلى مكتب، وعبر ثلاث مناطق زمنية. تكتب عن العادات التي تقرّب أعضاء الفريق.",
        },
    },
    "Jonas Lindqvist": {
        "fr": {
            "role": "Ingénieur backend",
            "team": "Plateforme",
            "region": "Umeå, Suède",
            "bio": "Pédale 24 km par jour, toute l’année. Gère le prêt de pneus d’hiver du bureau.",
        },
        "de": {
            "role": "Backend-Entwickler",
            "team": "Plattform",
            "region": "Umeå, Schweden",
            "bio": "Fährt das ganze Jahr über 24 km am Tag mit dem Rad. Betreut die Winterreifen-Ausleihe im Büro.",
        },
        "es": {
            "role": "Ingeniero de backend",
            "team": "Plataforma",
            "region": "Umeå, Suecia",
            "bio": "Pedalea 24 km al día, todo el año. Se encarga del préstamo de neumáticos de invierno de la oficina.",
        },
        "ja": {
            "role": "バックエンドエンジニア",
            "team": "プラットフォーム",
            "region": "スウェーデン・ウメオ",
            "bio": "一年中、毎日24キロを自転車で走っています。オフィスの冬用タイヤ貸し出しの係です。",
        },
        "ar": {
            "role": "مهندس برمجيات خلفية",
            "team": "المنصّة",
            "region": "أوميو، السويد",
            "bio": "يقطع 24 كيلومترًا بالدراجة كل يوم، طوال العام. يدير إعارة إطارات الشتاء في المكتب.",
        },
    },
    "Camille Moreau": {
        "fr": {
            "role": "Designer produit",
            "team": "Design",
            "region": "Lyon, France",
            "bio": "Photographe de rue à l’heure du déjeuner, designer le reste de la journée.",
        },
        "de": {
            "role": "Produktdesignerin",
            "team": "Design",
            "region": "Lyon, Frankreich",
            "bio": "Mittags Straßenfotografin, den Rest des Tages Designerin.",
        },
        "es": {
            "role": "Diseñadora de producto",
            "team": "Diseño",
            "region": "Lyon, Francia",
            "bio": "Fotógrafa callejera a la hora de comer y diseñadora el resto del día.",
        },
        "ja": {
            "role": "プロダクトデザイナー",
            "team": "デザイン",
            "region": "フランス・リヨン",
            "bio": "昼休みはストリートフォトグラファー、それ以外の時間はデザイナー。",
        },
        "ar": {
            "role": "مصمّمة منتجات",
            "team": "التصميم",
            "region": "ليون، فرنسا",
            "bio": "مصوّرة شوارع في استراحة الغداء، ومصمّمة بقية اليوم.",
        },
    },
    "Kenji Watanabe": {
        "fr": {
            "role": "Ingénieur support",
            "team": "Support",
            "region": "Osaka, Japon",
            "bio": "Répond aux questions des clients le jour et photographie les rivières de la ville la nuit.",
        },
        "de": {
            "role": "Support-Ingenieur",
            "team": "Support",
            "region": "Osaka, Japan",
            "bio": "Beantwortet tagsüber Fragen von Kundinnen und Kunden und fotografiert nachts die Flüsse der Stadt.",
        },
        "es": {
            "role": "Ingeniero de soporte",
            "team": "Soporte",
            "region": "Osaka, Japón",
            "bio": "De día responde a las preguntas de los clientes y de noche fotografía los ríos de la ciudad.",
        },
        "ja": {
            "role": "サポートエンジニア",
            "team": "サポート",
            "region": "日本・大阪",
            "bio": "昼はお客様の質問に答え、夜は街を流れる川を撮影しています。",
        },
        "ar": {
            "role": "مهندس دعم فني",
            "team": "الدعم الفني",
            "region": "أوساكا، اليابان",
            "bio": "يجيب عن أسئلة العملاء نهارًا، ويصوّر أنهار المدينة ليلًا.",
        },
    },
    "Layla Haddad": {
        "fr": {
            "role": "Partenaire RH",
            "team": "Ressources humaines",
            "region": "Amman, Jordanie",
            "bio": "A lancé le parrainage vélo entre collègues. Pense que chaque trajet peut être une petite aventure.",
        },
        "de": {
            "role": "HR-Business-Partnerin",
            "team": "Personal",
            "region": "Amman, Jordanien",
            "bio": "Hat das Fahrradpaten-Programm ins Leben gerufen. "
            "Findet, dass jeder Arbeitsweg ein kleines Abenteuer sein kann.",
        },
        "es": {
            "role": "Business partner de Personas",
            "team": "Personas",
            "region": "Amán, Jordania",
            "bio": "Puso en marcha el programa de compañeros de bici. "
            "Cree que cada trayecto al trabajo puede ser una pequeña aventura.",
        },
        "ja": {
            "role": "ピープルパートナー",
            "team": "人事",
            "region": "ヨルダン・アンマン",
            "bio": "自転車バディ制度の発起人。どんな通勤もちょっとした冒険になると信じています。",
        },
        "ar": {
            "role": "شريكة الموارد البشرية",
            "team": "الموارد البشرية",
            "region": "عمّان، الأردن",
            "bio": "أطلقت برنامج رفيق الدراجة. تؤمن بأن كل رحلة إلى العمل يمكن أن تكون مغامرة صغيرة.",
        },
    },
}

# The demo's topics (the tags of content.py, by name) in every other language.
TOPICS = {
    "home office": {
        "fr": "bureau à la maison",
        "de": "Homeoffice",
        "es": "oficina en casa",
        "ja": "在宅ワーク",
        "ar": "المكتب المنزلي",
    },
    "wellbeing": {"fr": "bien-être", "de": "Wohlbefinden", "es": "bienestar", "ja": "心と体の健康", "ar": "الرفاهية"},
    "teamwork": {
        "fr": "travail d’équipe",
        "de": "Teamarbeit",
        "es": "trabajo en equipo",
        "ja": "チームワーク",
        "ar": "العمل الجماعي",
    },
    "rituals": {"fr": "rituels", "de": "Rituale", "es": "rituales", "ja": "習慣", "ar": "العادات"},
    "meetings": {"fr": "réunions", "de": "Besprechungen", "es": "reuniones", "ja": "会議", "ar": "الاجتماعات"},
    "travel": {"fr": "voyage", "de": "Reisen", "es": "viajes", "ja": "旅", "ar": "السفر"},
    "winter riding": {
        "fr": "vélo en hiver",
        "de": "Radfahren im Winter",
        "es": "bici en invierno",
        "ja": "冬の自転車",
        "ar": "ركوب الدراجة في الشتاء",
    },
    "commuting": {
        "fr": "trajets domicile-travail",
        "de": "Arbeitsweg",
        "es": "ir al trabajo",
        "ja": "通勤",
        "ar": "التنقّل إلى العمل",
    },
    "health": {"fr": "santé", "de": "Gesundheit", "es": "salud", "ja": "健康", "ar": "الصحة"},
    "mentoring": {"fr": "mentorat", "de": "Mentoring", "es": "mentoría", "ja": "メンタリング", "ar": "الإرشاد"},
    "road safety": {
        "fr": "sécurité routière",
        "de": "Verkehrssicherheit",
        "es": "seguridad vial",
        "ja": "交通安全",
        "ar": "السلامة على الطرق",
    },
    "cities": {"fr": "villes", "de": "Städte", "es": "ciudades", "ja": "まちづくり", "ar": "المدن"},
    "light": {"fr": "lumière", "de": "Licht", "es": "luz", "ja": "光", "ar": "الضوء"},
    "technique": {"fr": "technique", "de": "Technik", "es": "técnica", "ja": "テクニック", "ar": "التقنيات"},
    "composition": {"fr": "composition", "de": "Bildaufbau", "es": "composición", "ja": "構図", "ar": "التكوين"},
    "gear": {"fr": "matériel", "de": "Ausrüstung", "es": "equipo", "ja": "機材", "ar": "المعدّات"},
    "field test": {
        "fr": "test sur le terrain",
        "de": "Praxistest",
        "es": "prueba de campo",
        "ja": "実地テスト",
        "ar": "اختبار ميداني",
    },
    "community": {"fr": "communauté", "de": "Gemeinschaft", "es": "comunidad", "ja": "コミュニティ", "ar": "المجتمع"},
    "walks": {"fr": "balades", "de": "Spaziergänge", "es": "paseos", "ja": "散歩", "ar": "جولات المشي"},
    "focus": {"fr": "concentration", "de": "Konzentration", "es": "concentración", "ja": "集中", "ar": "التركيز"},
}

# A hub that exists only in French: cycling to work in Lyon.
LOCAL_HUB = {
    "locale": "fr",
    "slug": "velotaf-lyon",
    "title": "Vélotaf Lyon",
    "colours": ((176, 72, 56), (246, 224, 188)),
    "motif": "bicycle",
    "hero_image_alt": "Illustration : un vélo rouge sur une route entre des collines vertes",
    "topic_statement": "Aller au bureau à vélo à Lyon : itinéraires, ateliers de réparation et sorties du vendredi.",
    "intro": "<p>Une communauté locale, pour celles et ceux qui pédalent entre la Croix-Rousse et la Part-Dieu.</p>",
    "guidelines": (
        "<p>Une communauté autour du vélo, pas autour de nous. Partagez ce que vous savez, "
        "demandez ce que vous ignorez.</p>"
        "<ul><li>Soyez bienveillants : on discute des idées, pas des personnes.</li>"
        "<li>Restez dans le sujet, et pas de publicité.</li>"
        "<li>Gardez vos données personnelles (et celles des autres) hors des commentaires.</li></ul>"
        "<p>Un premier commentaire est lu par une modératrice avant d’apparaître.</p>"
    ),
    "story": {
        "slug": "traverser-le-rhone-sans-stress",
        "author": "Camille Moreau",
        "topics": ["commuting", "cities"],
        "motif": "bicycle",
        "hero_image_alt": "Illustration : un vélo rouge sur une route entre des collines vertes",
        "title": "Traverser le Rhône sans stress",
        "standfirst": "Trois ponts, trois ambiances : notre guide pour choisir le bon itinéraire selon l’heure.",
        "body": [
            "Le pont Lafayette est le plus direct, mais aussi le plus chargé entre huit et neuf heures.",
            "Le pont Morand offre une piste large et calme : idéal pour les débutants.",
            "Et vous, quel pont prenez-vous ? Racontez-le dans les commentaires.",
        ],
    },
}


# The hubs' reasons for decisions in each language, in the order of ``content.DECISION_REASONS``
# (each translation keeps the English reason's block id: a decision counts under one reason).
DECISION_REASONS = {
    "fr": [
        ("Hors sujet", "Cette communauté parle de son sujet ; votre commentaire portait sur autre chose."),
        (
            "Attaque personnelle",
            "Ici, on discute des idées, pas des personnes : votre commentaire attaquait quelqu'un.",
        ),
        ("Publicité", "Les commentaires ne servent pas à promouvoir des produits, des services ou des liens."),
        ("Données personnelles", "Votre commentaire donnait les coordonnées de quelqu'un (adresse, téléphone…)."),
    ],
    "de": [
        ("Themenfremd", "Diese Community spricht über ihr Thema; Ihr Kommentar ging um etwas anderes."),
        ("Persönlicher Angriff", "Hier geht es um Ideen, nicht um Personen: Ihr Kommentar griff jemanden an."),
        ("Werbung", "Kommentare sind kein Ort für Werbung für Produkte, Dienste oder Links."),
        (
            "Persönliche Daten",
            "Ihr Kommentar enthielt persönliche Daten einer Person, etwa Adresse oder Telefonnummer.",
        ),
    ],
    "es": [
        ("Fuera de tema", "Esta comunidad habla de su tema; tu comentario trataba de otra cosa."),
        ("Ataque personal", "Aquí se debaten ideas, no personas: tu comentario atacaba a alguien."),
        ("Publicidad", "Los comentarios no son un lugar para anunciar productos, servicios o enlaces."),
        ("Datos personales", "Tu comentario compartía datos personales de alguien, como una dirección o un teléfono."),
    ],
    "ar": [
        ("خارج الموضوع", "يتحدث هذا المجتمع عن موضوعه، وكان تعليقك عن شيء آخر."),
        ("هجوم شخصي", "نناقش هنا الأفكار لا الأشخاص، وقد هاجم تعليقك شخصًا آخر."),
        ("إعلان", "التعليقات ليست مكانًا للإعلان عن منتجات أو خدمات أو روابط."),
        ("بيانات شخصية", "شارك تعليقك بيانات شخصية لأحد الأشخاص، مثل عنوان أو رقم هاتف."),
    ],
    "ja": [
        ("話題外", "このコミュニティはテーマについて話す場です。あなたのコメントは別の話題でした。"),
        ("個人攻撃", "ここでは人ではなく考えについて話します。あなたのコメントは他の人を攻撃していました。"),
        ("宣伝", "コメント欄は製品やサービス、リンクを宣伝する場ではありません。"),
        ("個人情報", "あなたのコメントには住所や電話番号など、他の人の個人情報が含まれていました。"),
    ],
}
