package dev.metadataguard.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * What a Markdown document names that the repository must hold, and how long its sentences are. In code
 * spans it reads Java types ({@code TicketDesk}, {@code policy.Check}, {@code Checks.ALL}), repository paths
 * ({@code terraform/permissions.json}, relative to the root or to the document's folder), and the replay's
 * flags ({@code --since}, and every flag of a {@code test-events/replay} command, in prose or in a code
 * block); anywhere, the functions' environment variables ({@code MG_POLICY}). Sentences are counted in
 * paragraphs and list items, never in code blocks or tables.
 */
final class DocDrift {

    /** One thing a document says that the repository does not bear out. */
    record Problem(String document, int line, String what) {
        @Override
        public String toString() {
            return document + ":" + line + ": " + what;
        }
    }

    static final int MAX_SENTENCE_WORDS = 60;
    static final String REPLAY = "test-events/replay";

    private static final Pattern TYPE = Pattern.compile("[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*");
    /** {@code policy.Check}, {@code decision.TicketRequest.Swept}, {@code Checks.ALL}, {@code Check.inPlace()}. */
    private static final Pattern QUALIFIED = Pattern.compile("((?:[a-z][a-z0-9]*\\.)*)([A-Z][A-Za-z0-9]*)((?:\\.[A-Za-z_][A-Za-z0-9_]*(?:\\(\\))?)*)");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    private static final Pattern VARIABLE = Pattern.compile("\\bMG_[A-Z][A-Z0-9_]*");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_.*<>-]+(?:/[A-Za-z0-9_.*<>-]*)*");
    private static final Pattern FILE_TYPES = Pattern.compile(".*\\.(java|md|tf|json|yaml|sh)");
    /** A segment that stands for a name: {@code NAME}, {@code F}, {@code <f>}, {@code *}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z_]+|<[^>]*>|.*\\*.*");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])[\"')]*\\s+(?=[\\p{Lu}0-9\"'(\\[\u00a7])");
    private static final Set<String> ABBREVIATIONS = Set.of("e.g.", "i.e.", "cf.", "vs.");
    /** Where code spans stand in a sentence: one word each. */
    private static final String CODE = "\u00a7";

    private final Path root;
    private final Set<String> types;
    /** Simple name to fully qualified name, of each type the repository imports. */
    private final Map<String, String> imports;
    private final Set<String> flags;
    private final Set<String> variables;
    private final Set<String> fileNames;
    private final List<Path> javaFiles;

    /**
     * @param types     the simple names of the Java types the repository declares or imports
     * @param flags     the replay's flags, as its option parser spells them
     * @param variables the environment variables the Java and Terraform sources name
     * @param fileNames the name of every file in the repository, for a path without a folder
     */
    private DocDrift(Path root, Set<String> types, Map<String, String> imports, Set<String> flags,
                     Set<String> variables, Set<String> fileNames, List<Path> javaFiles) {
        this.root = root;
        this.types = Set.copyOf(types);
        this.imports = Map.copyOf(imports);
        this.flags = Set.copyOf(flags);
        this.variables = Set.copyOf(variables);
        this.fileNames = Set.copyOf(fileNames);
        this.javaFiles = List.copyOf(javaFiles);
    }

    /** Reads the repository at {@code root}: its Java and Terraform sources and its files, build output left out. */
    static DocDrift of(Path root) {
        Set<String> types = new HashSet<>();
        Set<String> variables = new HashSet<>();
        Set<String> fileNames = new HashSet<>();
        List<Path> javaFiles = new ArrayList<>();
        Pattern declared = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");
        Map<String, String> imports = new HashMap<>();
        Pattern imported = Pattern.compile("(?m)^import\\s+(?:static\\s+)?([\\w.]*?\\.([A-Z]\\w*))(?:\\.[\\w*]+)*\\s*;");
        for (Path file : files(root)) {
            String name = file.getFileName().toString();
            fileNames.add(name);
            if (name.endsWith(".java") || name.endsWith(".tf")) {
                String text = read(file);
                if (name.endsWith(".java")) {
                    javaFiles.add(file);
                    collect(declared, text, types);
                    Matcher m = imported.matcher(text);
                    while (m.find()) {
                        types.add(m.group(2));
                        imports.put(m.group(2), m.group(1));
                    }
                }
                Matcher m = VARIABLE.matcher(text);
                while (m.find()) {
                    variables.add(m.group());
                }
            }
        }
        Set<String> flags = new HashSet<>();
        collect(Pattern.compile("\"(--[a-z][a-z0-9-]*)\""),
                read(root.resolve("test-events/src/main/java/dev/metadataguard/replay/ReplayOptions.java")), flags);
        return new DocDrift(root, types, imports, flags, variables, fileNames, javaFiles);
    }

    /** Every problem of {@code markdown}, the document at {@code document} (relative to the root). */
    List<Problem> check(String document, String markdown) {
        Path folder = Optional.ofNullable(root.resolve(document).getParent()).orElse(root);
        Node doc = Parser.builder().extensions(List.of(TablesExtension.create()))
                .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build().parse(markdown);
        List<Problem> problems = new ArrayList<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Code code) {
                name(code.getLiteral().strip(), folder).ifPresent(what -> problems.add(new Problem(document, line(code), what)));
            }

            @Override
            public void visit(FencedCodeBlock block) {
                commands(block.getLiteral(), line(block) + 1);
            }

            @Override
            public void visit(IndentedCodeBlock block) {
                commands(block.getLiteral(), line(block));
            }

            @Override
            public void visit(Paragraph paragraph) {
                StringBuilder text = new StringBuilder();
                words(paragraph, text);
                for (String sentence : sentences(text.toString())) {
                    int words = wordCount(sentence);
                    if (words > MAX_SENTENCE_WORDS) {
                        problems.add(new Problem(document, line(paragraph), "a sentence of " + words + " words (at most "
                                + MAX_SENTENCE_WORDS + "): \"" + clip(sentence) + "\""));
                    }
                }
                visitChildren(paragraph);
            }

            /** The replay's flags in a code block's commands, a continued line read as one. */
            private void commands(String literal, int firstLine) {
                String[] lines = literal.split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    int at = i;
                    StringBuilder command = new StringBuilder(lines[i]);
                    while (command.toString().stripTrailing().endsWith("\\") && i + 1 < lines.length) {
                        command.append(' ').append(lines[++i]);
                    }
                    String text = command.toString().replaceFirst("\\s#.*", "").strip();
                    if (text.startsWith(REPLAY + " ")) {
                        unknownFlags(text).forEach(flag -> problems.add(new Problem(document, firstLine + at,
                                "the replay has no flag " + flag + " (" + optionsSource() + ")")));
                    }
                }
            }
        });
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = VARIABLE.matcher(lines[i]);
            while (m.find()) {
                if (!variables.contains(m.group())) {
                    problems.add(new Problem(document, i + 1, "no Java or Terraform source names " + m.group()));
                }
            }
        }
        problems.sort(Comparator.comparingInt(Problem::line));
        return problems;
    }

    /** What is wrong with a code span's name, if it names something. */
    private Optional<String> name(String span, Path folder) {
        if (span.startsWith("--") || span.startsWith(REPLAY + " ")) {
            List<String> unknown = unknownFlags(span.startsWith("--") ? span.split("\\s", 2)[0] : span);
            return unknown.isEmpty() ? Optional.empty()
                    : Optional.of("the replay has no flag " + String.join(", ", unknown) + " (" + optionsSource() + ")");
        }
        Matcher qualified = QUALIFIED.matcher(span);
        if (qualified.matches() && TYPE.matcher(qualified.group(2)).matches()) {
            return type(qualified.group(1), qualified.group(2), qualified.group(3));
        }
        if (!span.contains("://") && !span.startsWith("//") && PATH.matcher(span).matches()
                && (span.contains("/") || FILE_TYPES.matcher(span).matches())) {
            return path(span, folder);
        }
        return Optional.empty();
    }

    /**
     * A type must be declared or imported somewhere in the repository, or be one of {@code java.lang}. An API
     * method ({@code UpdateNodePool}) counts when its request message is a type of a package the repository
     * imports from, and {@code Service.Method} ({@code ClusterManager.GetCluster}) when the service's gRPC stub
     * has that method. With a package ({@code policy.Check}), it is the guard's own class in that package, and
     * the members after it must appear in its source.
     */
    private Optional<String> type(String pkg, String simple, String members) {
        if (pkg.isEmpty()) {
            if (types.contains(simple) || loadable("java.lang." + simple)) {
                return Optional.empty();
            }
            if (rpc(simple, members)) {
                return Optional.empty();
            }
            if (packages().anyMatch(p -> loadable(p + "." + simple + "Request"))) {
                return Optional.empty();
            }
            return Optional.of("no Java type " + simple + " in the repository (nor an API method " + simple
                    + " with a " + simple + "Request)");
        }
        String path = "dev/metadataguard/" + pkg.replace('.', '/') + simple + ".java";
        Optional<Path> source = javaFiles.stream().filter(f -> f.toString().replace('\\', '/').endsWith("/java/" + path))
                .findFirst();
        if (source.isEmpty()) {
            return Optional.of("no class " + pkg + simple + " (no " + path + " in any module)");
        }
        String text = read(source.get());
        for (String member : members.split("\\.")) {
            String word = member.replace("()", "");
            if (!word.isEmpty() && !Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(text).find()) {
                return Optional.of(pkg + simple + " has no " + word + " (" + root.relativize(source.get()) + ")");
            }
        }
        return Optional.empty();
    }

    /** {@code Service.Method}: the gRPC stub {@code ServiceGrpc} the repository imports has {@code getMethodMethod}. */
    private boolean rpc(String service, String members) {
        String stub = imports.get(service + "Grpc");
        if (stub == null || !members.matches("\\.[A-Z]\\w*")) {
            return false;
        }
        try {
            Class.forName(stub).getMethod("get" + members.substring(1) + "Method");
            return true;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return false;
        }
    }

    private Stream<String> packages() {
        return imports.values().stream().map(name -> name.substring(0, name.lastIndexOf('.'))).distinct();
    }

    private static boolean loadable(String name) {
        try {
            Class.forName(name, false, DocDrift.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * A path whose first folder is one at the root (or beside the document) must exist; {@code ...} stands for
     * any folders, and from a placeholder segment ({@code NAME}, {@code <f>}, {@code *}) or a build folder
     * ({@code target}) on only the part before it is checked. A file name alone must be some file's name.
     */
    private Optional<String> path(String span, Path folder) {
        boolean directory = span.endsWith("/");
        String path = directory ? span.substring(0, span.length() - 1) : span;
        if (!path.contains("/") && !directory) {
            String base = path.substring(0, Math.max(0, path.indexOf('.')));
            if (base.isEmpty() || PLACEHOLDER.matcher(base).matches() || path.contains("...")
                    || fileNames.contains(path) || Files.exists(root.resolve(path))) {
                return Optional.empty();
            }
            return Optional.of("no file named " + path + " in the repository");
        }
        String first = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        if (first.isEmpty() || first.equals("..") || first.equals(".")) {
            return Optional.empty();
        }
        StringBuilder known = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.equals("target") || PLACEHOLDER.matcher(segment).matches() && !segment.equals("...")) {
                break;
            }
            known.append(known.isEmpty() ? "" : "/").append(segment.equals("...") ? "**" : segment);
        }
        Optional<Path> base = Stream.of(root, folder).filter(b -> Files.exists(b.resolve(first))).findFirst();
        if (base.isEmpty() || exists(base.get(), known.toString())) {
            return Optional.empty();
        }
        return Optional.of("no " + span + " in the repository" + (base.get().equals(root) ? ""
                : " (read from " + root.relativize(base.get()) + "/)"));
    }

    private static boolean exists(Path base, String path) {
        if (!path.contains("**")) {
            return Files.exists(base.resolve(path));
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path);
        try (Stream<Path> all = Files.walk(base.resolve(path.substring(0, path.indexOf("**"))))) {
            return all.anyMatch(p -> matcher.matches(base.relativize(p)));
        } catch (IOException e) {
            return false;
        }
    }

    private List<String> unknownFlags(String command) {
        List<String> unknown = new ArrayList<>();
        Matcher m = FLAG.matcher(command);
        while (m.find()) {
            if (!flags.contains(m.group())) {
                unknown.add(m.group());
            }
        }
        return unknown;
    }

    private static String optionsSource() {
        return "test-events/src/main/java/dev/metadataguard/replay/ReplayOptions.java";
    }

    /** A paragraph's words as a reader meets them: a code span is one word, a link its text. */
    private static void words(Node node, StringBuilder text) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text t) {
                text.append(t.getLiteral());
            } else if (child instanceof Code) {
                text.append(CODE);
            } else if (child instanceof SoftLineBreak || child instanceof HardLineBreak) {
                text.append(' ');
            } else {
                words(child, text);
            }
        }
    }

    /** Split after {@code .}, {@code !} or {@code ?} before what can start a sentence, but not after e.g. or i.e. */
    static List<String> sentences(String paragraph) {
        List<String> sentences = new ArrayList<>();
        Matcher end = SENTENCE_END.matcher(paragraph);
        int start = 0;
        while (end.find()) {
            String before = paragraph.substring(start, end.start());
            String lastWord = before.substring(before.lastIndexOf(' ') + 1);
            if (ABBREVIATIONS.contains(lastWord)) {
                continue;
            }
            sentences.add(before);
            start = end.end();
        }
        sentences.add(paragraph.substring(start));
        return sentences;
    }

    static int wordCount(String sentence) {
        int words = 0;
        for (String token : sentence.split("\\s+")) {
            if (token.codePoints().anyMatch(c -> Character.isLetterOrDigit(c) || c == CODE.charAt(0))) {
                words++;
            }
        }
        return words;
    }

    private static String clip(String sentence) {
        String s = sentence.replace(CODE, "`…`").strip();
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    private static int line(Node node) {
        return node.getSourceSpans().isEmpty() ? 0 : node.getSourceSpans().get(0).getLineIndex() + 1;
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static List<Path> files(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> {
                        String rel = root.relativize(p).toString().replace('\\', '/');
                        return !rel.startsWith(".git/") && !rel.contains("/target/") && !rel.startsWith("target/")
                                && !rel.contains("node_modules/") && !rel.contains("/.terraform/");
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
