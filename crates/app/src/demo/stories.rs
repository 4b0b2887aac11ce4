//! The demo country's news: a year of articles on the topics its organization writes about.

/// What a demo article is about beside its words.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum About {
    Nothing,
    /// The housing campaign.
    Campaign,
    /// The housing assembly (an action of the city).
    Action,
    /// The rent freeze petition.
    Petition,
    /// The enquête's result on the top issues (question `top3`).
    Result,
}

/// A demo article: its topic slugs, how many days before today it was published, what it is
/// about, and its words per language: (language code, title, standfirst, body in formatted
/// text). Languages left out show the fallback.
pub struct Story {
    pub topics: &'static [&'static str],
    pub days_ago: i64,
    pub about: About,
    pub texts: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

/// The topics: slug and names in nl, fr, de, en.
pub const TOPICS: &[(&str, [&str; 4])] = &[("housing", ["Wonen", "Logement", "Wohnen", "Housing"])];

pub const STORIES: &[Story] = &[Story {
    topics: &["housing"],
    days_ago: 3,
    about: About::Campaign,
    texts: &[(
        "en",
        "Housing for all: every section goes door to door",
        "The national focus chosen from 50,000 conversations: rents eat half of what people earn.",
        "The enquête was clear.\n\n## What we ask\n\n- a rent freeze\n- 50,000 social homes",
    )],
}];
