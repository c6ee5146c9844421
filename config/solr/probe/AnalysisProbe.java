/*
 * Optional look at config/solr/schema.xml's analysis without Solr (see ../README.md).
 *
 * Builds the field types of schema.xml with plain Lucene (Debian's Lucene 8.7
 * jars: Solr 9 runs Lucene 9, same Kuromoji/IPADIC dictionary), prints the
 * tokens of sample texts, indexes the small catalog of the PostgreSQL backend's
 * tests (tests/tdpf/search/conftest.py) and runs CKAN-like dismax queries on it
 * (qf=name^4 title^4 tags^2 groups^2 text, every word required, a word with
 * several tokens searched as a phrase), with and without text_bigram^0.2.
 * It approximates Solr's query parsing; it is not Solr.
 *
 * Run with probe.sh next to this file.
 */
import java.io.*;
import java.nio.file.*;
import java.util.*;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.*;
import org.apache.lucene.analysis.*;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.*;
import org.apache.lucene.analysis.util.*;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.search.*;
import org.apache.lucene.store.ByteBuffersDirectory;

public class AnalysisProbe {
  static Map<String, Class<? extends TokenizerFactory>> TOK = new HashMap<>();
  static Map<String, Class<? extends TokenFilterFactory>> FIL = new HashMap<>();
  static Map<String, Class<? extends CharFilterFactory>> CHR = new HashMap<>();

  static ResourceLoader LOADER = new ResourceLoader() {
    final ClasspathResourceLoader cp = new ClasspathResourceLoader(AnalysisProbe.class.getClassLoader());
    public InputStream openResource(String r) throws IOException {
      if (r.equals("lang/stoptags_ja.txt")) r = "org/apache/lucene/analysis/ja/stoptags.txt";
      return cp.openResource(r);
    }
    public <T> Class<? extends T> findClass(String c, Class<T> e) { return cp.findClass(c, e); }
    public <T> T newInstance(String c, Class<T> e) { return cp.newInstance(c, e); }
  };

  static String simple(String solrClass) { return solrClass.replaceFirst("^solr\\.", ""); }

  static Map<String, String> params(Element e) {
    Map<String, String> m = new HashMap<>();
    NamedNodeMap a = e.getAttributes();
    for (int i = 0; i < a.getLength(); i++) {
      String k = a.item(i).getNodeName();
      if (!k.equals("class")) m.put(k, a.item(i).getNodeValue());
    }
    // Lucene 8.x calls the ICU normalisation form "name"; Lucene 9 "form".
    if (simple(e.getAttribute("class")).startsWith("ICUNormalizer2") && m.containsKey("form"))
      m.put("name", m.remove("form"));
    return m;
  }

  static Analyzer build(Element analyzer) throws IOException {
    CustomAnalyzer.Builder b = CustomAnalyzer.builder(LOADER);
    for (Node n = analyzer.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element)) continue;
      Element e = (Element) n;
      String cls = simple(e.getAttribute("class"));
      switch (e.getTagName()) {
        case "charFilter": b.addCharFilter(need(CHR, cls), params(e)); break;
        case "tokenizer": b.withTokenizer(need(TOK, cls), params(e)); break;
        case "filter": b.addTokenFilter(need(FIL, cls), params(e)); break;
      }
    }
    return b.build();
  }

  static <T> T need(Map<String, T> m, String k) {
    T v = m.get(k);
    if (v == null) throw new IllegalArgumentException("no Lucene factory " + k);
    return v;
  }

  static Map<String, Analyzer[]> types = new HashMap<>();  // name -> {index, query}

  static void loadSchema(String path) throws Exception {
    org.w3c.dom.Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File(path));
    NodeList fts = d.getElementsByTagName("fieldType");
    for (int i = 0; i < fts.getLength(); i++) {
      Element ft = (Element) fts.item(i);
      NodeList as = ft.getElementsByTagName("analyzer");
      if (as.getLength() == 0) continue;
      Analyzer idx = null, q = null;
      for (int j = 0; j < as.getLength(); j++) {
        Element a = (Element) as.item(j);
        Analyzer built = build(a);
        String t = a.getAttribute("type");
        if (t.isEmpty() || t.equals("index")) idx = built;
        if (t.isEmpty() || t.equals("query")) q = built;
      }
      types.put(ft.getAttribute("name"), new Analyzer[] {idx, q});
    }
  }

  static List<String> tokens(Analyzer a, String field, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = a.tokenStream(field, text)) {
      CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute p = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      while (ts.incrementToken()) out.add((p.getPositionIncrement() > 1 ? "_ " : "") + t);
      ts.end();
    }
    return out;
  }

  // CKAN fields in the probe and their Solr types.
  static final Map<String, String> FIELD_TYPE = Map.of(
      "title", "text", "notes", "text", "text", "text", "text_bigram", "text_ja_bigram");

  /** One query word (or quoted phrase) on one analysed field: term or phrase. */
  static Query fieldQuery(String field, String word) throws IOException {
    Analyzer qa = types.get(FIELD_TYPE.get(field))[1];
    List<Term> terms = new ArrayList<>(); List<Integer> pos = new ArrayList<>();
    try (TokenStream ts = qa.tokenStream(field, word)) {
      CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute p = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset(); int at = -1;
      while (ts.incrementToken()) { at += p.getPositionIncrement(); terms.add(new Term(field, t.toString())); pos.add(at); }
      ts.end();
    }
    if (terms.isEmpty()) return null;
    if (terms.size() == 1) return new TermQuery(terms.get(0));
    PhraseQuery.Builder pb = new PhraseQuery.Builder();   // autoGeneratePhraseQueries
    for (int i = 0; i < terms.size(); i++) pb.add(terms.get(i), pos.get(i));
    return pb.build();
  }

  /** CKAN's default: dismax, qf=name^4 title^4 tags^2 groups^2 text, every word required. */
  static Query dismax(String q, boolean bigram) throws IOException {
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    List<String> words = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"[^\"]*\"|\\S+").matcher(q);
    while (m.find()) words.add(m.group());
    for (String w : words) {
      String inner = w.startsWith("\"") ? w.substring(1, w.length() - 1) : w;
      List<Query> dis = new ArrayList<>();
      for (String f : new String[] {"name", "tags", "groups"}) dis.add(new BoostQuery(new TermQuery(new Term(f, inner)), 4));
      for (String f : bigram ? new String[] {"title", "text", "text_bigram"} : new String[] {"title", "text"}) {
        Query fq = fieldQuery(f, inner);
        if (fq != null) dis.add(new BoostQuery(fq, f.equals("text_bigram") ? 0.2f : f.equals("title") ? 4 : 1));
      }
      all.add(new DisjunctionMaxQuery(dis, 0.1f), BooleanClause.Occur.MUST);
    }
    return all.build();
  }

  public static void main(String[] args) throws Exception {
    for (String n : TokenizerFactory.availableTokenizers()) TOK.put(TokenizerFactory.lookupClass(n).getSimpleName(), TokenizerFactory.lookupClass(n));
    for (String n : TokenFilterFactory.availableTokenFilters()) FIL.put(TokenFilterFactory.lookupClass(n).getSimpleName(), TokenFilterFactory.lookupClass(n));
    for (String n : CharFilterFactory.availableCharFilters()) CHR.put(CharFilterFactory.lookupClass(n).getSimpleName(), CharFilterFactory.lookupClass(n));
    loadSchema(args[0]);

    System.out.println("== tokens (type text, index side | query side) ==");
    for (String s : new String[] {"千代田区 指定緊急避難所一覧", "避難所", "避難所一覧", "緊急避難所", "東京都", "東京都内の公衆トイレ", "京都府 観光施設一覧",
        "京都", "ＡＥＤ設置箇所一覧", "ｺﾝﾋﾟｭｰﾀｰ", "コンピューター", "ゼクシオンラボ報告書", "シオンラ", "東京都の町丁別人口", "人口", "調べました", "ﾃﾞｰﾀ ＣＳＶ ２０２４年"}) {
      System.out.println(s + "  ->  " + tokens(types.get("text")[0], "text", s) + " | " + tokens(types.get("text")[1], "text", s));
    }
    System.out.println("== tokens (type text_ja_bigram) ==");
    for (String s : new String[] {"ゼクシオンラボ報告書", "シオンラ", "東京都内", "ＡＥＤ設置", "京都"})
      System.out.println(s + "  ->  " + tokens(types.get("text_ja_bigram")[0], "text_bigram", s));

    // The catalog of tests/tdpf/search/conftest.py (title, notes, tags, org).
    String[][] docs = {
      {"shelter-designated", "千代田区 指定緊急避難所一覧", "東京都千代田区の指定緊急避難所の一覧です。", "防災,避難所", "chiyoda"},
      {"shelter-list", "避難所一覧", "東京都が指定する避難所。", "防災", "tokyo"},
      {"toilets", "公衆トイレ一覧", "東京都内の公衆トイレの所在地。", "まちづくり", "tokyo"},
      {"kyoto-tourism", "京都府 観光施設一覧", "京都府内の観光施設。", "観光", "mlit"},
      {"tokyo-population", "東京都 人口統計", "東京都の町丁別人口。", "人口", "tokyo"},
      {"aed", "ＡＥＤ設置箇所一覧", "千代田区のAED（自動体外式除細動器）。", "医療,AED", "chiyoda"},
      {"tdpfzqx", "ゼクシオンラボ報告書", "未知語の試験。", "試験", "tokyo"},
    };
    Map<String, Analyzer> per = new HashMap<>();
    for (Map.Entry<String, String> e : FIELD_TYPE.entrySet()) per.put(e.getKey(), new IndexSide(types.get(e.getValue())[0]));
    Analyzer idx = new PerFieldAnalyzerWrapper(new org.apache.lucene.analysis.core.KeywordAnalyzer(), per);
    ByteBuffersDirectory dir = new ByteBuffersDirectory();
    try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(idx))) {
      for (String[] d : docs) {
        org.apache.lucene.document.Document doc = new org.apache.lucene.document.Document();
        doc.add(new StringField("name", d[0], Field.Store.YES));
        doc.add(new TextField("title", d[1], Field.Store.NO));
        doc.add(new TextField("notes", d[2], Field.Store.NO));
        doc.add(new StringField("groups", d[4], Field.Store.NO));
        // copyFields: title, notes, tags, organization, name -> text; title, notes, tags -> text_bigram
        for (String v : new String[] {d[1], d[2], d[4], d[0]}) doc.add(new TextField("text", v, Field.Store.NO));
        for (String v : new String[] {d[1], d[2]}) doc.add(new TextField("text_bigram", v, Field.Store.NO));
        for (String t : d[3].split(",")) {
          doc.add(new StringField("tags", t, Field.Store.NO));
          doc.add(new TextField("text", t, Field.Store.NO));
          doc.add(new TextField("text_bigram", t, Field.Store.NO));
        }
        w.addDocument(doc);
      }
    }
    IndexSearcher s = new IndexSearcher(DirectoryReader.open(dir));
    System.out.println("== CKAN-like dismax queries: default qf | qf + text_bigram^0.2 ==");
    for (String q : new String[] {"避難所", "トイレ", "京都", "東京都", "ＡＥＤ", "aed", "Aed", "\"緊急避難所\"", "\"避難所 緊急\"",
        "シオンラ", "ゼクシオン", "人口", "観光", "避難所 千代田", "\"避難所一覧\"", "東京都 所在地"}) {
      System.out.println(String.format("%-14s %s | %s", q, run(s, dismax(q, false)), run(s, dismax(q, true))));
    }
  }

  static List<String> run(IndexSearcher s, Query q) throws IOException {
    List<String> out = new ArrayList<>();
    for (ScoreDoc sd : s.search(q, 100).scoreDocs) out.add(s.doc(sd.doc).get("name"));
    return out;
  }

  /** Wraps an analyzer, keeping the gap between values of a multi-valued field. */
  static class IndexSide extends DelegatingAnalyzerWrapper {
    final Analyzer a;
    IndexSide(Analyzer a) { super(PER_FIELD_REUSE_STRATEGY); this.a = a; }
    protected Analyzer getWrappedAnalyzer(String f) { return a; }
    public int getPositionIncrementGap(String f) { return 100; }
  }
}
