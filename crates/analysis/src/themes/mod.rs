//! Themes in free-text answers written in Dutch, French, German or English.
//!
//! Each answer is read in its own language (whatlang, with the language's stop words breaking
//! ties on short answers), cut into words, stripped of stop words (NLTK lists) and stemmed
//! (Snowball). It is then put in the survey's issue it names most, through a multilingual lexicon
//! of words per issue (editable by organizers). Answers that name no issue are clustered (TF-IDF
//! and spherical k-means, the number of clusters chosen by silhouette on a sample) into new
//! themes. Every theme comes with its top words in each language, its size and three answers
//! closest to its centre.
//!
//! `text` reads an answer (language, words, stems); `lexicon` holds the words per issue;
//! `find` puts answers in issues and clusters the rest (k-means in `cluster`); `describe` names a
//! theme and picks its quotes; `quality` scores a clustering against known labels.

mod concepts;
mod describe;
mod find;
mod lexicon;
mod mixture;
mod quality;
mod read;
mod refine;
mod text;

pub use find::{
    Theme, ThemeOptions, Themes, Words, find_themes, find_themes_keeping, split_in_two,
};
pub use lexicon::Lexicon;
pub use quality::{nmi, purity};
pub use text::{Analyzer, Lang};
