package dev.llmcost.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmcost.core.internal.Json;
import dev.llmcost.costmodel.pricing.PriceBook;
import dev.llmcost.tokenizers.Tokenizer;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * llmcost-core, -tokenizers, -costmodel and -spark on the Jackson Apache Spark 3.5 ships (2.15.2),
 * so that the plain jars work with {@code spark-submit --packages}: the build copies Jackson
 * 2.15.2's jars into {@code target/jackson-2.15.2} (maven-dependency-plugin), and these tests load
 * the library with them in a class loader of its own.
 */
class JacksonCompatibilityTest {

  static final String SPARK_35_JACKSON = "2.15.2";

  /** Jackson's members that the library calls only where they exist (Jackson 2.16+). */
  static final Set<String> GUARDED = Set.of(
      "com/fasterxml/jackson/core/StreamReadConstraints$Builder.maxDocumentLength"
          + ":(J)Lcom/fasterxml/jackson/core/StreamReadConstraints$Builder;");

  @TempDir
  Path dir;

  @Test
  void theLibraryGivesTheSameFiguresOnJackson215() throws Exception {
    List<String> here = JacksonProbe.run(dir.resolve("here"));
    List<String> there;
    try (URLClassLoader loader = jackson215Loader()) {
      Class<?> probe = Class.forName(JacksonProbe.class.getName(), true, loader);
      assertThat(probe.getClassLoader()).isSameAs(loader);
      @SuppressWarnings("unchecked")
      List<String> lines = (List<String>) probe.getMethod("run", Path.class).invoke(null, dir.resolve("there"));
      there = lines;
    }
    System.out.printf("%-40s | %s%n", "this build's Jackson", "Spark 3.5's Jackson");
    for (int i = 0; i < Math.max(here.size(), there.size()); i++) {
      System.out.printf("%-40s | %s%n", i < here.size() ? here.get(i) : "", i < there.size() ? there.get(i) : "");
    }
    assertThat(there.get(0)).isEqualTo("jackson " + SPARK_35_JACKSON);
    assertThat(here.get(0)).isNotEqualTo(there.get(0));
    assertThat(there.subList(1, there.size())).containsExactlyElementsOf(here.subList(1, here.size()));
    assertThat(there).anySatisfy(l -> assertThat(l).startsWith("too long: JsonFormatException: Document length ("));
  }

  @Test
  void everyJacksonMemberTheLibraryCallsExistsInJackson215() throws Exception {
    Set<String> refs = new TreeSet<>();
    for (Class<?> c : List.of(Json.class, Tokenizer.class, PriceBook.class, SparkDatasetTokenStats.class)) {
      Path where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      forEachClass(where, in -> refs.addAll(jacksonReferences(in)));
    }
    assertThat(refs).as("Jackson references found").hasSizeGreaterThan(50).containsAll(GUARDED);
    List<String> missing = new ArrayList<>();
    try (URLClassLoader loader = new URLClassLoader(jackson215Jars(), ClassLoader.getPlatformClassLoader())) {
      for (String ref : refs) {
        if (!resolves(ref, loader)) {
          missing.add(ref);
        }
      }
    }
    System.out.println(refs.size() + " Jackson classes and members referenced; absent from " + SPARK_35_JACKSON
        + ": " + missing);
    assertThat(missing).containsExactlyInAnyOrderElementsOf(GUARDED);
  }

  private static URL[] jackson215Jars() throws IOException {
    Path jars = Path.of(System.getProperty("llmcost.jackson215.dir", "target/jackson-" + SPARK_35_JACKSON));
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> s = Files.list(jars)) {
      for (Path p : s.sorted().toList()) {
        assertThat(p.getFileName().toString()).endsWith("-" + SPARK_35_JACKSON + ".jar");
        urls.add(p.toUri().toURL());
      }
    }
    assertThat(urls).as("jackson-core, -databind, -annotations in " + jars).hasSize(3);
    return urls.toArray(new URL[0]);
  }

  /** The test class path without its Jackson, with Jackson 2.15.2, under the platform loader. */
  private static URLClassLoader jackson215Loader() throws IOException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String e : cp.split(File.pathSeparator)) {
      if (!e.isEmpty() && !e.replace('\\', '/').contains("/com/fasterxml/jackson/")) {
        urls.add(Path.of(e).toUri().toURL());
      }
    }
    urls.addAll(List.of(jackson215Jars()));
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  interface ClassFileConsumer {
    void accept(InputStream in) throws IOException;
  }

  private static void forEachClass(Path where, ClassFileConsumer c) throws IOException {
    if (Files.isDirectory(where)) {
      try (Stream<Path> s = Files.walk(where)) {
        for (Path p : s.filter(p -> p.toString().endsWith(".class")).toList()) {
          try (InputStream in = Files.newInputStream(p)) {
            c.accept(in);
          }
        }
      }
    } else {
      try (JarFile jar = new JarFile(where.toFile())) {
        for (JarEntry e : jar.stream().toList()) {
          if (e.getName().endsWith(".class") && !e.getName().contains("module-info")) {
            try (InputStream in = jar.getInputStream(e)) {
              c.accept(in);
            }
          }
        }
      }
    }
  }

  /**
   * The Jackson classes ({@code com/fasterxml/jackson/X}) and members ({@code owner.name:descriptor})
   * a class file's constant pool refers to (JVMS 4.4).
   */
  static Set<String> jacksonReferences(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classes = new int[count];
    int[][] members = new int[count][];
    int[][] nameAndTypes = new int[count][];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classes[i] = in.readUnsignedShort();
        case 9, 10, 11 -> members[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
        case 12 -> nameAndTypes[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        case 17, 18 -> in.readInt();
        default -> throw new IOException("constant pool tag " + tag);
      }
    }
    Set<String> out = new HashSet<>();
    for (int i = 1; i < count; i++) {
      if (classes[i] != 0 && utf8[classes[i]].startsWith("com/fasterxml/jackson/")) {
        out.add(utf8[classes[i]]);
      }
      if (members[i] != null) {
        String owner = utf8[classes[members[i][0]]];
        int[] nt = nameAndTypes[members[i][1]];
        if (owner.startsWith("com/fasterxml/jackson/")) {
          out.add(owner + "." + utf8[nt[0]] + ":" + utf8[nt[1]]);
        }
      }
    }
    return out;
  }

  /** Whether a class or member resolves in a loader: the member in the class or a supertype. */
  private static boolean resolves(String ref, ClassLoader loader) {
    int dot = ref.indexOf('.');
    String owner = dot < 0 ? ref : ref.substring(0, dot);
    Class<?> c;
    try {
      c = Class.forName(owner.replace('/', '.'), false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    if (dot < 0) {
      return true;
    }
    int colon = ref.indexOf(':');
    String name = ref.substring(dot + 1, colon);
    String descriptor = ref.substring(colon + 1);
    Deque<Class<?>> todo = new ArrayDeque<>(List.of(c));
    Set<Class<?>> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Class<?> k = todo.poll();
      if (!seen.add(k)) {
        continue;
      }
      if (descriptor.startsWith("(")) {
        List<Executable> all = new ArrayList<>(List.of(k.getDeclaredMethods()));
        all.addAll(List.of(k.getDeclaredConstructors()));
        for (Executable m : all) {
          String mName = m instanceof Constructor<?> ? "<init>" : m.getName();
          Class<?> ret = m instanceof Method mm ? mm.getReturnType() : void.class;
          if (mName.equals(name) && descriptor(m.getParameterTypes(), ret).equals(descriptor)) {
            return true;
          }
        }
      } else {
        for (Field f : k.getDeclaredFields()) {
          if (f.getName().equals(name) && descriptor(f.getType()).equals(descriptor)) {
            return true;
          }
        }
      }
      if (k.getSuperclass() != null) {
        todo.add(k.getSuperclass());
      }
      todo.addAll(List.of(k.getInterfaces()));
    }
    return false;
  }

  private static String descriptor(Class<?>[] parameters, Class<?> result) {
    StringBuilder s = new StringBuilder("(");
    for (Class<?> p : parameters) {
      s.append(descriptor(p));
    }
    return s.append(')').append(descriptor(result)).toString();
  }

  private static String descriptor(Class<?> c) {
    if (c.isArray()) {
      return "[" + descriptor(c.getComponentType());
    }
    if (!c.isPrimitive()) {
      return "L" + c.getName().replace('.', '/') + ";";
    }
    return switch (c.getName()) {
      case "int" -> "I";
      case "long" -> "J";
      case "boolean" -> "Z";
      case "byte" -> "B";
      case "char" -> "C";
      case "short" -> "S";
      case "float" -> "F";
      case "double" -> "D";
      default -> "V";
    };
  }
}
