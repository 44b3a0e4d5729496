package io.freelock.queue.manager;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads every class a driver's queue class names, through the class loader that will ask for it, while the driver's
 * bundle is resolved. A retired queue is drained in place after its bundle has been stopped, updated or refreshed
 * away, and from then on its bundle's class loader refuses every class it has not loaded yet (Felix: "the bundle
 * wiring ... is no longer valid"). Calling the queue's methods once on an empty queue loads only what their common
 * paths use: a consumer that first has to wait for a producer mid-store, or a first removal, would then need a class
 * (a helper of another bundle, an inner class) that can no longer be loaded.
 *
 * <p>So the classes named in each class file's constant pool are loaded by name through that class's own loader,
 * which records the loader as an initiating loader of each: a later resolution from that class finds the class
 * without asking the loader. The walk follows every class it reaches that a bundle loaded (not the JDK's), so a
 * helper's own helpers are loaded through the helper's loader too. Each class is walked once per JVM.
 */
final class DriverClasses {

    /** Whether a class's names have been loaded: computed once per class, and kept with the class (no leak). */
    private static final ClassValue<Boolean> WALKED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            walk(type);
            return Boolean.TRUE;
        }
    };

    private DriverClasses() {
    }

    /**
     * Loads what {@code type}'s code, and the code of every non-JDK class it names, may ask for. A name that cannot
     * be loaded now, or a class file that cannot be read, is passed over: the queue could not use that class
     * later either, so nothing it can do is lost.
     */
    static void load(Class<?> type) {
        WALKED.get(type);
    }

    private static void walk(Class<?> start) {
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.push(start);
        seen.add(start);
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            ClassLoader loader = type.getClassLoader();
            for (String name : namedClasses(type)) {
                try {
                    Class<?> named = Class.forName(name, false, loader); // records loader as an initiating loader
                    if (fromABundle(named) && seen.add(named)) {
                        todo.push(named);
                    }
                } catch (ClassNotFoundException | LinkageError absent) {
                    // an optional class the code names but never reaches without it: see above
                }
            }
        }
    }

    /** @return whether {@code type} was loaded by neither the JDK's loaders nor none: a bundle's, or an app's */
    private static boolean fromABundle(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader != null && loader != ClassLoader.getPlatformClassLoader();
    }

    /**
     * @return the binary names of the classes {@code type}'s class file names in its constant pool (its own name,
     *         its super types, the classes it refers to, array element types, the classes in the descriptors of the
     *         fields, methods and call sites it refers to); none if the class file cannot be read (a hidden class
     *         has none)
     */
    static List<String> namedClasses(Class<?> type) {
        if (type.isHidden()) {
            return List.of();
        }
        String file = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(file)) {
            return in == null ? List.of() : constantPoolClasses(new DataInputStream(in));
        } catch (IOException unreadable) {
            return List.of();
        }
    }

    /** A class named in a descriptor: {@code L}, its internal name, {@code ;} */
    private static final Pattern DESCRIBED_CLASS = Pattern.compile("L([^;\\[]+);");

    /**
     * The classes a class file's constant pool names (JVMS 4.4): its CONSTANT_Class entries (array types by their
     * element type), and the classes in the descriptors of its NameAndType and MethodType entries, which a call site
     * (a lambda, a string concatenation) resolves through the class's loader when it is first linked.
     */
    private static List<String> constantPoolClasses(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        List<Integer> descriptors = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 12 -> { // NameAndType: a name, a descriptor
                    in.readUnsignedShort();
                    descriptors.add(in.readUnsignedShort());
                }
                case 16 -> descriptors.add(in.readUnsignedShort()); // MethodType
                // String, Module, Package; MethodHandle
                case 8, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                // Integer, Float, the field, method and interface method refs, Dynamic, InvokeDynamic
                case 3, 4, 9, 10, 11, 17, 18 -> in.skipNBytes(4);
                // Long, Double: each takes two entries
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("constant pool tag " + tag + " at entry " + i);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (int index : classNames) {
            String internal = utf8[index];
            if (!internal.startsWith("[")) {
                names.add(internal.replace('/', '.'));
            } else {
                described(internal, names); // an array type: its element type, if a class
            }
        }
        for (int index : descriptors) {
            described(utf8[index], names);
        }
        return new ArrayList<>(names);
    }

    /** Adds the binary names of the classes in {@code descriptor} to {@code names} */
    private static void described(String descriptor, Set<String> names) {
        Matcher matcher = DESCRIBED_CLASS.matcher(descriptor);
        while (matcher.find()) {
            names.add(matcher.group(1).replace('/', '.'));
        }
    }
}
