"""The words of the demo site: three hubs about what customers care about.

Stories are written as employees would write them: first person, practical,
about the topic rather than the company's products. Each story's ``body`` is
a list of paragraphs; ``motif`` picks the locally painted hero picture.
Events are the rides, walks and meetups the hubs' teams organise, with the
people signed up for them.
"""

HOME = {
    "title": "Townsquare",
    "slug": "home",
    "intro": (
        "<p>Communities run by the people who work here, about the things our customers "
        "care about: working from anywhere, getting around by bike, taking better photos.</p>"
    ),
}

GUIDELINES = (
    "<p>This is a community about a topic, not about us. Share what you know, ask what you don't.</p>"
    "<ul><li>Be kind: disagree with ideas, not people.</li>"
    "<li>Stay on topic, and no advertising.</li>"
    "<li>Keep personal details (yours and others') out of comments.</li></ul>"
    "<p>Comments from first-time commenters are read by a moderator before they appear.</p>"
)

# Employee profiles. "photo" seeds a locally painted portrait.
AUTHORS = [
    {
        "name": "Amara Okafor",
        "role": "Customer success lead",
        "team": "Customer success",
        "region": "Lagos, Nigeria",
        "bio": "Works from a converted spare room and three time zones. Writes about rituals that keep teams close.",
        "colour": (196, 110, 82),
    },
    {
        "name": "Jonas Lindqvist",
        "role": "Backend engineer",
        "team": "Platform",
        "region": "Umeå, Sweden",
        "bio": "Cycles 24 km a day, all year. Maintains the office's winter-tyre lending library.",
        "colour": (72, 120, 170),
    },
    {
        "name": "Camille Moreau",
        "role": "Product designer",
        "team": "Design",
        "region": "Lyon, France",
        "bio": "Street photographer at lunchtime, designer the rest of the day.",
        "colour": (120, 90, 160),
    },
    {
        "name": "Kenji Watanabe",
        "role": "Support engineer",
        "team": "Support",
        "region": "Osaka, Japan",
        "bio": "Answers customers' questions by day and photographs the city's rivers by night.",
        "colour": (60, 140, 110),
    },
    {
        "name": "Layla Haddad",
        "role": "People partner",
        "team": "People",
        "region": "Amman, Jordan",
        "bio": "Started the bike-buddy scheme. Believes every commute can be a little adventure.",
        "colour": (200, 150, 60),
    },
]

# A hub's "events" are dated from the day the demo is loaded, so that there are always some to come
# and some past: "days" from today (negative: past), moved on to the next "weekday" (0 is Monday)
# when given; "start" and "end" are times of that day in "time_zone"; sign-ups close "closes" days
# before it (or when it starts). "sign_ups", in the order people signed up: (name, e-mail, what
# happened next). A name "@username" is that demo account, signed in, its sign-up counted at once;
# anyone else is a visitor who followed the link in the confirmation e-mail, unless "unconfirmed".
# Once everyone has signed up: "cancelled" (a place it held goes to the waitlist) or "checked in"
# (on the day). An event with a "cancellation_reason" was called off after its sign-ups.
HUBS = [
    {
        "slug": "workshifting",
        # Each team answers questions on its own clock (see docs/moderators.md, Response times).
        "response_times": {
            "response_target_hours": 24,
            "response_time_zone": "Europe/Paris",
            "response_working_days_only": True,
        },
        "title": "Workshifting",
        "topic_statement": "Working well from anywhere: home, the road, the café on the corner.",
        "intro": "<p>Tips, tools and honest stories from colleagues who work away from the office, "
        "and from the customers who do too.</p>",
        "colours": ((52, 96, 140), (236, 214, 178)),
        "motif": "desk",
        "product_terms": "Townsquare Desk\nDeskBooker",
        "guidelines": GUIDELINES,
        "publish_transparency": True,
        "stories": [
            {
                "slug": "kitchen-table-office-one-year-on",
                "authors": ["Amara Okafor"],
                "topics": ["home office", "wellbeing"],
                "featured": True,
                "title": "The kitchen-table office, one year on",
                "standfirst": "A year ago I packed my desk into a box and carried it home. "
                "Here is what worked, what didn't, and the three things I would tell anyone starting now.",
                "motif": "desk",
                "body": [
                    "When our team went fully remote, I set up on the kitchen table because it was the only "
                    "surface big enough for two screens. It lasted six weeks before my back complained.",
                    "The fix was not expensive furniture. It was a routine: a fixed start, a walk at lunch, "
                    "and a hard stop when the light outside changes. The desk came later.",
                    "What surprised me most was how much I missed the unplanned conversations. We now keep a "
                    "video room open in the afternoons where anyone can drop in without an agenda.",
                    "If you are starting now: separate the space, protect the edges of the day, and say out "
                    "loud what you are working on. Nobody can see you being busy.",
                ],
            },
            {
                "slug": "five-rituals-distributed-team",
                "authors": ["Amara Okafor", "Layla Haddad"],
                "topics": ["teamwork", "rituals"],
                "featured": True,
                "title": "Five rituals that keep a distributed team close",
                "standfirst": "Our team spans four time zones. These small habits do more for us than any tool.",
                "motif": "people",
                "body": [
                    "Monday notes: everyone writes three lines about their week ahead, in a shared document, "
                    "before nine in their own time zone.",
                    "Demo Fridays: twenty minutes, cameras optional, show anything you made. Half-finished "
                    "work is welcome and gets the best questions.",
                    "Rotating hosts for our one synchronous meeting, so the same voices don't always lead.",
                    "A channel for photos of where we work today. It sounds trivial; it is the one people miss "
                    "most when they are on leave.",
                    "And once a year, we meet in person, with no slides allowed.",
                ],
            },
            {
                "slug": "async-by-default",
                "authors": ["Jonas Lindqvist"],
                "topics": ["teamwork", "meetings"],
                "featured": False,
                "title": "Async by default: what we stopped meeting about",
                "standfirst": "We cancelled forty per cent of our recurring meetings and nothing broke. "
                "A look at what moved into writing.",
                "motif": "desk",
                "body": [
                    "Status updates were the first to go. A written update takes two minutes to read and can "
                    "be read at any hour; a status meeting takes thirty minutes of everyone's day.",
                    "Decisions moved into short written proposals with a deadline for comments. People in "
                    "other time zones finally had a say before the decision, not after.",
                    "We kept meetings for what needs a live conversation: conflict, brainstorming, and "
                    "welcoming new colleagues.",
                ],
            },
            {
                "slug": "working-from-the-road",
                "authors": ["Kenji Watanabe"],
                "topics": ["travel", "wellbeing"],
                "featured": False,
                "title": "Working from the road without losing your weekends",
                "standfirst": "Three months of working from trains, libraries and a borrowed cabin taught me "
                "where the line between travel and work needs to be.",
                "motif": "desk",
                "body": [
                    "A laptop and a good connection make almost anywhere an office. That is exactly the "
                    "problem: almost anywhere becomes an office.",
                    "I learned to plan travel days as days off, to carry a small pair of headphones that "
                    "block out announcements, and to find the public library before the café.",
                    "What would you add? Tell us in the comments what keeps your work and your travel apart.",
                ],
            },
        ],
        "events": [
            {
                "slug": "online-co-working-meetup",
                "title": "Online co-working meetup",
                "summary": "Two hours of quiet work in good company, cameras on if you like. We start with a quick "
                "round of what everyone is working on and finish with what got done.",
                "body": [
                    "Working alone all day is harder than it sounds. Working alongside others, even through a "
                    "screen, makes it easier to get started and to stop on time.",
                    "We open the room at two o'clock, say hello, then work in silence in two blocks of fifty "
                    "minutes with a break in between. Microphones stay off while we work.",
                    "The link to the room comes in the e-mail that confirms your place. The times are Lagos "
                    "time; the calendar file shows them in yours.",
                ],
                "motif": "desk",
                "organiser": "Amara Okafor",
                "days": 10,
                "weekday": 3,
                "start": "14:00",
                "end": "16:00",
                "time_zone": "Africa/Lagos",
                "attendance": "online",
                "online_url": "https://meet.example.org/townsquare-co-working",
                "capacity": 20,
                "sign_ups": [
                    ("@editor", "", ""),
                    ("Priya N.", "priya@example.org", ""),
                    ("@owner", "", ""),
                    ("Hana K.", "hana@example.org", ""),
                    ("Omar D.", "omar@example.org", "cancelled"),
                    ("@moderator", "", ""),
                    ("Mia S.", "mia@example.org", ""),
                    ("Jo D.", "jo@example.org", ""),
                    ("Ken T.", "ken@example.org", "unconfirmed"),
                ],
            },
            {
                "slug": "co-working-meetup-autumn",
                "title": "Online co-working meetup: the autumn edition",
                "summary": "The first of our co-working afternoons: fourteen people, two quiet blocks of work and "
                "a round of what got done.",
                "body": [
                    "Fourteen of us from six countries worked side by side for two hours. The round at the end "
                    "was the best part: a finished report, a cleared inbox, a first chapter.",
                    "What we change next time: a shorter hello, and a five-minute stretch between the blocks.",
                ],
                "motif": "desk",
                "organiser": "Amara Okafor",
                "days": -16,
                "weekday": 3,
                "start": "14:00",
                "end": "16:00",
                "time_zone": "Africa/Lagos",
                "attendance": "online",
                "online_url": "https://meet.example.org/townsquare-co-working",
                "capacity": 20,
                "sign_ups": [
                    ("@editor", "", "checked in"),
                    ("Priya N.", "priya@example.org", "checked in"),
                    ("Hana K.", "hana@example.org", "checked in"),
                    ("Jo D.", "jo@example.org", ""),
                    ("Mia S.", "mia@example.org", "checked in"),
                ],
            },
        ],
    },
    {
        "slug": "freewheelin",
        # Each team answers questions on its own clock (see docs/moderators.md, Response times).
        "response_times": {
            "response_target_hours": 8,
            "response_time_zone": "America/New_York",
            "response_working_days_only": True,
        },
        "title": "Freewheelin",
        "topic_statement": "Cycling to work, staying healthy, and making our cities better to ride in.",
        "intro": "<p>From first commutes to winter riding: colleagues and customers who get around on two wheels.</p>",
        "colours": ((80, 150, 200), (250, 226, 180)),
        "motif": "bicycle",
        "product_terms": "RideShare Pass",
        "guidelines": GUIDELINES,
        "stories": [
            {
                "slug": "cycling-through-a-northern-winter",
                "authors": ["Jonas Lindqvist"],
                "topics": ["winter riding", "commuting"],
                "featured": True,
                "title": "Cycling to work through a northern winter",
                "standfirst": "Ice, darkness at four o'clock and a twelve-kilometre commute. "
                "It is easier than it sounds, with the right lights and tyres.",
                "motif": "bicycle",
                "body": [
                    "The first frosty morning I almost took the bus. By February I was the one persuading "
                    "colleagues to try riding in the snow.",
                    "Studded tyres changed everything. So did lights bright enough to be seen from the side, "
                    "not only from the front.",
                    "Layers matter more than expensive clothes: a thin wool base, a windproof shell, and "
                    "mittens over gloves on the coldest days.",
                    "The reward is arriving awake, with the day's worries already sorted on the way in.",
                ],
            },
            {
                "slug": "commute-that-replaced-my-gym",
                "authors": ["Layla Haddad"],
                "topics": ["health", "commuting"],
                "featured": False,
                "title": "The twenty-minute commute that replaced my gym",
                "standfirst": "I cancelled my gym membership in March. My resting heart rate has never been lower.",
                "motif": "bicycle",
                "body": [
                    "Forty minutes of riding a day, five days a week, adds up to more exercise than I ever "
                    "managed at the gym, and it costs no extra time.",
                    "I started with two days a week and a folding bike on the train for the rest of the way.",
                    "The changing room at the office made the difference. If your building has one, tell "
                    "your colleagues; many of them don't know.",
                ],
            },
            {
                "slug": "bike-buddies-mentoring",
                "authors": ["Layla Haddad", "Jonas Lindqvist"],
                "topics": ["commuting", "mentoring"],
                "featured": True,
                "title": "Bike buddies: how a mentoring scheme got forty colleagues riding",
                "standfirst": "Experienced riders ride the first week of a colleague's commute with them. "
                "Forty people have now made the switch.",
                "motif": "people",
                "body": [
                    "Most people who want to cycle to work are not worried about fitness. They are worried "
                    "about the route: the junction, the roundabout, the stretch without a bike lane.",
                    "A buddy who knows the way takes that fear away. We match people by neighbourhood and "
                    "ride together for the first week.",
                    "Would a scheme like this work where you live? We would love to hear from other "
                    "organisations trying it.",
                ],
            },
            {
                "slug": "safer-junctions-what-riders-told-the-city",
                "authors": ["Layla Haddad"],
                "topics": ["road safety", "cities"],
                "featured": False,
                "title": "Safer junctions: what two hundred riders told the city",
                "standfirst": "We collected our community's worst junctions on a map and took it to the "
                "council. Three of them are being rebuilt.",
                "motif": "bicycle",
                "body": [
                    "It started as a thread in this community: where do you feel least safe on your ride?",
                    "Two hundred replies later we had a map, photographs and times of day. The council's "
                    "transport team asked for a copy the week we published it.",
                    "Three junctions are being redesigned this year. Thank you to everyone who took the "
                    "time to write.",
                ],
            },
        ],
        "events": [
            {
                "slug": "saturday-group-ride",
                "title": "Saturday group ride",
                "summary": "A relaxed 40 km loop along the Ume River and back through the birch woods, at the pace "
                "of the slowest rider. Any bike in good working order will do.",
                "body": [
                    "We leave the town hall square at half past nine and ride upstream on the river path, with "
                    "a coffee stop at the halfway bridge.",
                    "Nobody gets left behind: one ride leader sets the pace at the front and another rides at "
                    "the back. Bring water, a spare inner tube if you have one, and lights in case the clouds "
                    "come in.",
                    "New to riding in a group? Come ten minutes early and we will go through the hand signals "
                    "together.",
                ],
                "motif": "bicycle",
                "organiser": "Jonas Lindqvist",
                "days": 11,
                "weekday": 5,
                "start": "09:30",
                "end": "12:30",
                "time_zone": "Europe/Stockholm",
                "place": "Rådhustorget, in front of the town hall",
                "address": "Rådhustorget\n903 26 Umeå\nSweden",
                "map_url": "https://maps.example.org/umea/radhustorget",
                "capacity": 12,
                "sign_ups": [
                    ("@cycling_moderator", "", ""),
                    ("Ingrid S.", "ingrid@example.org", ""),
                    ("Olli P.", "olli@example.org", ""),
                    ("Marco B.", "marco@example.org", "cancelled"),
                    ("Sam W.", "sam@example.org", ""),
                    ("@owner", "", ""),
                    ("Jo D.", "jo@example.org", ""),
                    ("Nora L.", "nora@example.org", "unconfirmed"),
                ],
            },
            {
                "slug": "bike-maintenance-workshop",
                "title": "Bike maintenance workshop",
                "summary": "An evening in the office bike room: mend a puncture, adjust your brakes and set up "
                "your lights for the dark months. Three places, one bike stand each.",
                "body": [
                    "Bring your own bike and we will work on it together. Tyre levers, a track pump and the "
                    "tools of the winter-tyre library are there for everyone.",
                    "There are only three stands, so places are few. If you are on the waitlist and a place "
                    "frees up, you get an e-mail straight away.",
                ],
                "motif": "bicycle",
                "organiser": "Jonas Lindqvist",
                "days": 7,
                "weekday": 2,
                "start": "17:30",
                "end": "19:00",
                "time_zone": "Europe/Stockholm",
                "place": "The office bike room (basement, entrance from the courtyard)",
                "capacity": 3,
                "closes": 2,
                "sign_ups": [
                    ("Ingrid S.", "ingrid@example.org", ""),
                    ("Olli P.", "olli@example.org", "cancelled"),
                    ("Sam W.", "sam@example.org", ""),
                    ("Priya N.", "priya@example.org", ""),
                    ("Hana K.", "hana@example.org", ""),
                    ("Tomás R.", "tomas@example.org", ""),
                ],
            },
            {
                "slug": "friday-sunrise-ride",
                "title": "Friday sunrise ride",
                "summary": "Before the city wakes up: from Rainbow Street up to the Citadel for the sunrise, then "
                "back down for breakfast together. Hills, but short ones.",
                "body": [
                    "Amman is a city of hills, and at six on a Friday morning its streets are almost empty: the "
                    "best time to find out that you can ride them.",
                    "We climb to the Citadel at an easy pace, wait for the sun to come up over the old city, "
                    "and roll back down to Rainbow Street for breakfast.",
                ],
                "motif": "bicycle",
                "organiser": "Layla Haddad",
                "days": -13,
                "weekday": 4,
                "start": "06:00",
                "end": "08:00",
                "time_zone": "Asia/Amman",
                "place": "Rainbow Street, by the First Circle",
                "address": "Rainbow Street, Jabal Amman\nAmman\nJordan",
                "capacity": 10,
                "sign_ups": [
                    ("@cycling_moderator", "", "checked in"),
                    ("Hana K.", "hana@example.org", "checked in"),
                    ("Marco B.", "marco@example.org", "checked in"),
                    ("Lucía F.", "lucia@example.org", "cancelled"),
                    ("Priya N.", "priya@example.org", "checked in"),
                    ("Jules M.", "jules@example.org", ""),
                ],
            },
        ],
    },
    {
        "slug": "through-the-lens",
        # Each team answers questions on its own clock (see docs/moderators.md, Response times).
        "response_times": {
            "response_target_hours": 48,
            "response_time_zone": "Asia/Tokyo",
            "response_working_days_only": False,
        },
        "title": "Through the Lens",
        "topic_statement": "Photography for everyone: better pictures with the camera you already have.",
        "intro": "<p>Techniques, field tests and the stories behind the pictures, "
        "from colleagues who never leave home without a camera.</p>",
        "colours": ((24, 34, 72), (214, 128, 96)),
        "motif": "aperture",
        "product_terms": "SnapCloud",
        "guidelines": GUIDELINES,
        "stories": [
            {
                "slug": "golden-hour-on-a-lunch-break",
                "authors": ["Camille Moreau"],
                "topics": ["light", "technique"],
                "featured": True,
                "title": "Golden hour on a lunch break",
                "standfirst": "You don't need sunrise to get soft light. Winter lunchtimes, open shade and a "
                "little patience go a long way.",
                "motif": "aperture",
                "body": [
                    "In winter the sun stays low all day, which means lunchtime light can look like early "
                    "evening. I shoot the same street corner every Tuesday.",
                    "Open shade, the edge of a building's shadow, gives faces an even, flattering light "
                    "at any time of year.",
                    "Post your lunchtime pictures in the comments: we will feature a few in our next story.",
                ],
            },
            {
                "slug": "what-a-broken-lens-taught-me",
                "authors": ["Camille Moreau"],
                "topics": ["composition", "technique"],
                "featured": False,
                "title": "What a broken lens taught me about composition",
                "standfirst": "For a month I could only shoot at one focal length. My pictures got better.",
                "motif": "aperture",
                "body": [
                    "When my zoom lens broke, the only one left was an old fixed 35 mm. I had to walk closer, "
                    "or further away, for every picture.",
                    "Moving my feet instead of a ring made me look at the whole frame: what is at the edges, "
                    "what is behind the subject, what can go.",
                    "Try it for a week: tape your zoom at one length and see what changes.",
                ],
            },
            {
                "slug": "phone-or-camera-field-test",
                "authors": ["Kenji Watanabe", "Camille Moreau"],
                "topics": ["gear", "field test"],
                "featured": True,
                "title": "Phone or camera? A field test on the city walls",
                "standfirst": "We took a phone and a ten-year-old camera on the same walk. The results were "
                "closer than we expected, and different in interesting ways.",
                "motif": "aperture",
                "body": [
                    "In daylight, the phone's pictures were often the ones we preferred at first glance: "
                    "bright, sharp, ready to share.",
                    "At dusk and for anything moving, the older camera kept detail the phone smoothed away.",
                    "The best camera remains the one you carry. Which one do you carry, and why?",
                ],
            },
            {
                "slug": "photo-walk-with-colleagues",
                "authors": ["Kenji Watanabe"],
                "topics": ["community", "walks"],
                "featured": False,
                "title": "Starting a photo walk with colleagues",
                "standfirst": "Once a month, a dozen of us walk a neighbourhood for an hour with cameras. "
                "Here is how to start one.",
                "motif": "people",
                "body": [
                    "Pick a route of two kilometres, a meeting point with coffee, and a theme: reflections, "
                    "doors, strangers' hands.",
                    "Share the best three pictures each afterwards, and say one thing you like about someone else's.",
                    "We now have walks in four cities. Start one where you are and tell us about it.",
                ],
            },
        ],
        "events": [
            {
                "slug": "photo-walk-doors-of-vieux-lyon",
                "title": "Photo walk: the doors of Vieux Lyon",
                "summary": "An hour and a half through the old town's lanes and passageways, with one theme: "
                "doors. Any camera is welcome, phones included.",
                "body": [
                    "We meet in front of the cathedral, walk two kilometres of lanes and traboules, and finish "
                    "with coffee and everyone's three best pictures.",
                    "The theme is doors: old, painted, half open. Look for the light on them rather than the "
                    "door itself.",
                    "Please keep your voices low in the traboules: people live there.",
                ],
                "motif": "aperture",
                "organiser": "Camille Moreau",
                "days": 12,
                "weekday": 6,
                "start": "10:00",
                "end": "11:30",
                "time_zone": "Europe/Paris",
                "place": "Place Saint-Jean, in front of the cathedral",
                "address": "Place Saint-Jean\n69005 Lyon\nFrance",
                "capacity": 15,
                "sign_ups": [
                    ("@photo_moderator", "", ""),
                    ("Lucía F.", "lucia@example.org", ""),
                    ("Ravi T.", "ravi@example.org", ""),
                    ("Hana K.", "hana@example.org", ""),
                    ("Kim B.", "kim@example.org", "unconfirmed"),
                ],
            },
            {
                "slug": "night-walk-osaka-rivers",
                "title": "Night walk along Osaka's rivers",
                "summary": "Long exposures of the bridges and the lights on the water, with a small tripod or a "
                "wall to rest your camera on.",
                "body": [
                    "We walk along the Dotonbori and Tosabori rivers after dark, stopping at four bridges for "
                    "long exposures.",
                    "Bring a small tripod if you have one; a wall or a railing works too. Phones with a night "
                    "mode are welcome.",
                ],
                "motif": "aperture",
                "organiser": "Kenji Watanabe",
                "days": 5,
                "start": "19:00",
                "end": "21:00",
                "time_zone": "Asia/Tokyo",
                "place": "Yodoyabashi bridge, north end",
                "address": "Kitahama, Chuo-ku\nOsaka\nJapan",
                "capacity": 10,
                "sign_ups": [
                    ("Tomás R.", "tomas@example.org", ""),
                    ("Ravi T.", "ravi@example.org", ""),
                    ("@photo_moderator", "", ""),
                ],
                "cancellation_reason": "A typhoon is forecast for Osaka that evening. We will walk the same route "
                "next month, and everyone signed up will hear about it first.",
            },
            {
                "slug": "photo-walk-reflections-nakanoshima",
                "follow_up": "photo-walk-with-colleagues",  # the story of what happened
                "title": "Photo walk: reflections on Nakanoshima",
                "summary": "A late-afternoon walk around the island between Osaka's two rivers, looking for "
                "reflections: in the water, in windows, in puddles.",
                "body": [
                    "Nakanoshima lies between two rivers, with glass towers on one side and old brick on the "
                    "other: reflections everywhere once the sun gets low.",
                    "We walk from the rose garden to the science museum, then share our three best pictures over tea.",
                ],
                "motif": "aperture",
                "organiser": "Kenji Watanabe",
                "days": -24,
                "weekday": 5,
                "start": "16:00",
                "end": "17:30",
                "time_zone": "Asia/Tokyo",
                "place": "Nakanoshima Rose Garden, east entrance",
                "address": "Nakanoshima 1-chome, Kita-ku\nOsaka\nJapan",
                "capacity": 12,
                "sign_ups": [
                    ("@photo_moderator", "", "checked in"),
                    ("Lucía F.", "lucia@example.org", "checked in"),
                    ("Ravi T.", "ravi@example.org", "checked in"),
                    ("Tomás R.", "tomas@example.org", "checked in"),
                    ("Jo D.", "jo@example.org", ""),
                ],
            },
        ],
    },
]

# A story the demo editor wrote and submitted: it waits in the Workshifting review workflow.
PENDING_STORY = {
    "hub": "workshifting",
    "slug": "quiet-hours-experiment",
    "title": "Our quiet-hours experiment",
    "standfirst": "For a month, nobody on our team sent a message between noon and three. "
    "Here is what happened to our focus, and to our replies.",
    "motif": "desk",
    "authors": ["Amara Okafor"],
    "topics": ["focus", "teamwork"],
    "body": [
        "The idea came from a customer who told us she blocks her afternoons for deep work.",
        "We tried it as a team: no messages, no meetings, from noon to three, every day for a month.",
        "What would you protect if you had three quiet hours a day?",
    ],
}

# Its French translation, a draft submitted for review with it.
PENDING_STORY_FR = {
    "title": "Notre expérience des heures calmes",
    "standfirst": "Pendant un mois, personne dans l’équipe n’a envoyé de message entre midi et quinze heures. "
    "Voici ce que cela a changé pour notre concentration, et pour nos réponses.",
    "body": [
        "L’idée vient d’une cliente qui nous a dit bloquer ses après-midi pour travailler au calme.",
        "Nous l’avons essayé en équipe : ni message ni réunion, de midi à quinze heures, chaque jour pendant un mois.",
        "Que protégeriez-vous si vous aviez trois heures calmes par jour ?",
    ],
}

# Demo accounts: demo only, password "changeme" for all. Hub roles refer to HUBS slugs.
USERS = [
    {"username": "admin", "first_name": "Ada", "last_name": "Admin", "superuser": True, "roles": {}},
    {
        "username": "editor",
        "first_name": "Elena",
        "last_name": "Editor",
        "superuser": False,
        "roles": {"workshifting": ["editors"]},
    },
    {
        "username": "owner",
        "first_name": "Olu",
        "last_name": "Owner",
        "superuser": False,
        "roles": {"workshifting": ["owners"]},
    },
    {
        "username": "moderator",
        "first_name": "Moses",
        "last_name": "Moderator",
        "superuser": False,
        "roles": {"workshifting": ["moderators"]},
    },
    # Every hub is staffed (comments open only where someone moderates): one moderator each.
    {
        "username": "cycling_moderator",
        "first_name": "Rosa",
        "last_name": "Rider",
        "superuser": False,
        "roles": {"freewheelin": ["moderators"]},
    },
    {
        "username": "photo_moderator",
        "first_name": "Pablo",
        "last_name": "Lens",
        "superuser": False,
        "roles": {"through-the-lens": ["moderators"]},
    },
    {
        "username": "lyon_moderator",
        "first_name": "Léa",
        "last_name": "Martin",
        "superuser": False,
        "roles": {"velotaf-lyon": ["moderators"]},
    },
]
DEMO_PASSWORD = "changeme"  # noqa: S105 - documented demo-only password

# Discussions. Each thread: (name, e-mail, text, replies); a reply may have replies of its own.
# "staff" posts as the demo moderator (a Team answer); "held:<name>" waits for review.
DISCUSSIONS = {
    "five-rituals-distributed-team": [
        (
            "Priya N.",
            "priya@example.org",
            "We tried Demo Fridays after reading this. Three weeks in, people *ask* to present. "
            "What do you do when nobody has anything to show?",
            [
                (
                    "staff",
                    "",
                    "Good question! We keep a list of small things people mentioned during the week "
                    "and ask one of them on Thursday. Nobody has said no yet.",
                    [
                        (
                            "Priya N.",
                            "priya@example.org",
                            "Ha, a gentle nudge on Thursday. Stealing that.",
                            [("Tomás R.", "tomas@example.org", "Same here: it works for our design reviews too.", [])],
                        ),
                    ],
                ),
                (
                    "Jules M.",
                    "jules@example.org",
                    "We show unfinished work on purpose. Less pressure.",
                    [],
                ),
            ],
        ),
        (
            "Hana K.",
            "hana@example.org",
            "The photo channel is underrated. Seeing where people work makes the team feel real.\n\n"
            "Ours is called **#windows** and it is the happiest place in our chat.",
            [],
        ),
        (
            "Marco B.",
            "marco@example.org",
            "How do you handle Monday notes when half the team starts on Sunday?",
            [("held:Alex P.", "alex@example.org", "Check out my productivity course at https://example.com/deal", [])],
        ),
    ],
    "async-by-default": [
        (
            "held:Kim B.",
            "kim@example.org",
            "Which tool do you use for the written proposals? Ours turned into a maze of comments.",
            [],
        ),
        (
            "held:Luca V.",
            "luca@example.org",
            "My manager says async is an excuse to avoid talking to people. How would you answer that?",
            [],
        ),
        ("Jo D.", "jo@example.org", "We moved our stand-up to writing last year. Nobody wants to go back.", []),
    ],
    "cycling-through-a-northern-winter": [
        (
            "Ingrid S.",
            "ingrid@example.org",
            "Studded tyres changed my winter too. Which brand do you use for 12 km of mixed ice and slush?",
            [("Olli P.", "olli@example.org", "I swear by a 240-stud tyre at the front and 120 at the back.", [])],
        ),
        ("Sam W.", "sam@example.org", "Mittens over gloves: yes. Also a buff over the face below -10 °C.", []),
        ("held:Nora L.", "nora@example.org", "Is there a bike-to-work scheme for contractors too?", []),
        ("held:Deals4U", "deals@example.net", "Cheap bikes!!! www.cheap-bikes.example www.bike-deals.example", []),
    ],
    "golden-hour-on-a-lunch-break": [
        (
            "Lucía F.",
            "lucia@example.org",
            "Open shade is the best tip I have read this year. My portraits look so much softer.",
            [],
        ),
        (
            "held:Ravi T.",
            "ravi@example.org",
            "Does this work with a phone camera too? Mine always blows out the sky.",
            [],
        ),
        ("Pat Q.", "pat@example.org", "Honestly this whole blog is a waste of time.", []),
    ],
    # Events have the same discussion as stories: questions before, thanks and photos after.
    "saturday-group-ride": [
        (
            "Lena S.",
            "lena@example.org",
            "Is there a shorter option? 40 km is my limit for now, and I would hate to slow everyone down.",
            [
                (
                    "staff",
                    "",
                    "Nobody gets left behind: we ride at the pace of the slowest rider. You can also turn "
                    "back at the halfway bridge after the coffee stop, which makes it 20 km.",
                    [("Lena S.", "lena@example.org", "Perfect, see you at the town hall square!", [])],
                ),
            ],
        ),
        ("held:Ola V.", "ola@example.org", "Can I bring my dog in a trailer?", []),
    ],
    "friday-sunrise-ride": [
        (
            "Rami H.",
            "rami@example.org",
            "The climb to the Citadel was hard, but that view at sunrise! Thank you for the breakfast too.",
            [],
        ),
    ],
}

# Visitors' reports: (story slug, author name of the comment, reasons). Three reports hide a comment.
FLAGS = [
    ("five-rituals-distributed-team", "Hana K.", ["off_topic", "spam"]),
    ("golden-hour-on-a-lunch-break", "Pat Q.", ["abusive", "off_topic"]),
    ("cycling-through-a-northern-winter", "Sam W.", ["off_topic"]),
]

# The listening loop: comments the Workshifting team turned into feedback items, one in each status.
# (story slug, author, e-mail, comment, kind, status, the team's public response or "").
FEEDBACK = [
    (
        "async-by-default",
        "Lucía G.",
        "lucia@example.org",
        "Could the guide to writing async updates exist in Spanish too? Half of our team reads it in a translator.",
        "idea",
        "new",
        "",
    ),
    (
        "async-by-default",
        "Ken T.",
        "ken@example.org",
        "Will there be a budget for a proper desk chair at home next year?",
        "question",
        "acknowledged",
        "We are asking Facilities and will post their answer here before the end of the month.",
    ),
    (
        "async-by-default",
        "Mia S.",
        "mia@example.org",
        "The monthly all-hands is at 7 in the morning for everyone in Sydney. Every single month.",
        "complaint",
        "planned",
        "From next quarter the all-hands alternates between two time slots, so each region gets a sensible one.",
    ),
    (
        "async-by-default",
        "Omar D.",
        "omar@example.org",
        "Please put the meeting-free Wednesday in the shared calendar, so that people stop booking over it.",
        "idea",
        "done",
        "It is in every team's calendar since Monday, marked busy. Thank you for the nudge!",
    ),
    (
        "async-by-default",
        "Ruth B.",
        "ruth@example.org",
        "Make cameras compulsory in every meeting: it is more personal.",
        "feedback",
        "declined",
        "Cameras stay optional: many of you told us that audio-only meetings help you focus and save bandwidth.",
    ),
]


# Every hub's reasons for decisions (``CommunityHubPage.decision_reasons``): moderators pick one
# (or type it in the reason field), the commenter's notice explains it in these words.
DECISION_REASONS = [
    ("Off-topic", "This community talks about its topic; your comment was about something else."),
    ("Personal attack", "Comments here discuss ideas, not people: yours attacked another person."),
    ("Advertising", "Comments here are not a place to advertise products, services or links."),
    ("Personal data", "Your comment shared someone's personal details, such as an address or phone number."),
]

# A comment the site's administrator rejected, and its author's appeal: the Appeals queue has one
# for the hub's moderator to decide. (story slug, name, e-mail, text, reason, appeal)
APPEAL = (
    "kitchen-table-office-one-year-on",
    "Rosa",
    "rosa@example.org",
    "A standing desk saved my back. The one I bought has 20% off this week with the code HOME20.",
    "Advertising",
    "I am not paid by anyone: colleagues asked me which desk I use, so I shared the code I had.",
)

# An appeal whose author then deleted their comment: it is closed ("the comment was removed") and
# still counted. (story slug, name, e-mail, text, reason, appeal)
WITHDRAWN_APPEAL = (
    "kitchen-table-office-one-year-on",
    "Ines",
    "ines@example.org",
    "Best webcam light for the money: buy it through my link and we both get a discount.",
    "Advertising",
    "The link was only meant to help; I do not earn anything from it.",
)

# A note the administrator left about a commenter whose comment waits for review, whom they also
# pre-moderate: the moderator reads both in the commenter's drawer. (name, e-mail, note)
COMMENTER_NOTE = (
    "Alex P.",
    "alex@example.org",
    "Sells an online course; posted the same link under three stories last month. Read before publishing.",
)

# A notice of illegal content about a published comment, waiting in the Illegal content queue of
# the Workshifting hub. (story slug, commenter, e-mail, comment, where exactly, why, sender, e-mail)
ILLEGAL_CONTENT_NOTICE = (
    "async-by-default",
    "Lou B.",
    "lou@example.org",
    "The neighbour whose leaf blower ruins my calls every morning: his number is 0612 345 678, "
    "call him and tell him what you think.",
    "his number is 0612 345 678, call him",
    "It publishes a private person's phone number and calls on readers to harass him.",
    "Noor Haddad",
    "noor@example.org",
)


# A follower of @workshifting on another fediverse server, and the reply they sent (held: a
# remote account's first comment is read first). Addresses under .example: nothing is ever sent.
FEDIVERSE = {
    "actor": "https://social.example/users/maria",
    "username": "maria",
    "name": "María Ortega",
    "profile": "https://social.example/@maria",
    "note": "https://social.example/users/maria/statuses/1",
    "story": "async-by-default",
    "text": "Following from Mastodon! How do you keep async updates from piling up when half the team "
    "is nine hours ahead?",
}
