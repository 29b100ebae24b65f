package dev.metadataguard.policy;

import com.google.container.v1.AutoprovisioningNodePoolDefaults;
import com.google.container.v1.NodeConfig;
import com.google.container.v1.UpdateNodePoolRequest;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A check's fix, declared once as the node settings it makes ({@link NodeSetting}), and everything derived from
 * them: the replacement's node config, the pool flags, node auto-provisioning's defaults and flags, the in-place
 * update and the words for people. The fields are set through the messages' descriptors, so a field path is
 * checked against the Container API when the check is built, and a new setting needs no code here.
 */
public record Fix(List<NodeSetting> settings) {

    private static final Pattern PATH = Pattern.compile("([a-z0-9_]+(?:\\.[a-z0-9_]+)*)(?:\\[\"([^\"]+)\"])?");
    /** Stands for the account while the paths are tried out. */
    private static final String SOME_ACCOUNT = "nodes@project.iam.gserviceaccount.com";

    /** Each setting is tried on the messages it names, so a wrong path or value fails here, not mid-replacement. */
    public Fix {
        settings = List.copyOf(settings);
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("a fix sets at least one node setting");
        }
        for (NodeSetting setting : settings) {
            try {
                set(NodeConfig.newBuilder(), setting, SOME_ACCOUNT);
                if (setting.autoprovisioningFlag().isPresent()) {
                    set(AutoprovisioningNodePoolDefaults.newBuilder(), setting, SOME_ACCOUNT);
                }
                if (setting.inPlace()) {
                    inPlaceField(setting);
                }
            } catch (IllegalArgumentException wrong) {
                throw new IllegalArgumentException("node setting " + setting.field() + ": " + wrong.getMessage(), wrong);
            }
        }
    }

    public static Fix of(NodeSetting... settings) {
        return new Fix(Arrays.asList(settings));
    }

    /** What a compliant replacement sets, for people: {@code config.field = value}. */
    public List<String> replacementSets() {
        return settings.stream().map(s -> "config." + s.field() + " = " + text(s)).toList();
    }

    /** Sets every setting on the copy of the original's node config. */
    public void secure(NodeConfig.Builder config, String nodeServiceAccount) {
        settings.forEach(s -> set(config, s, nodeServiceAccount));
    }

    /** The same as {@code gcloud container node-pools create} flags. */
    public List<String> poolFlags(String nodeServiceAccount) {
        return settings.stream().map(s -> flag(s.poolFlag(), s, nodeServiceAccount)).toList();
    }

    /** The settings auto-provisioned nodes need, as {@code gcloud container clusters update} flags. */
    public List<String> autoprovisioningFlags(String nodeServiceAccount) {
        return settings.stream().filter(s -> s.autoprovisioningFlag().isPresent())
                .map(s -> flag(s.autoprovisioningFlag().get(), s, nodeServiceAccount)).toList();
    }

    /** Sets the same on node auto-provisioning's defaults (the fields have the same names there). */
    public void secureAutoprovisioning(AutoprovisioningNodePoolDefaults.Builder defaults, String nodeServiceAccount) {
        settings.stream().filter(s -> s.autoprovisioningFlag().isPresent())
                .forEach(s -> set(defaults, s, nodeServiceAccount));
    }

    /** The UpdateNodePool change that makes every setting on the live pool, when GKE takes each in place. */
    public Optional<InPlaceFix> inPlace() {
        if (!settings.stream().allMatch(NodeSetting::inPlace)) {
            return Optional.empty();
        }
        return Optional.of(new InPlaceFix(String.join("; ", replacementSets()), request -> {
            NodeConfig.Builder config = NodeConfig.newBuilder();
            secure(config, SOME_ACCOUNT);
            for (NodeSetting setting : settings) {
                FieldDescriptor field = inPlaceField(setting);
                request.setField(field, config.getField(NodeConfig.getDescriptor().findFieldByName(field.getName())));
            }
            return request;
        }));
    }

    /** The request's field with the name and type of the setting's top-level node config field. */
    private static FieldDescriptor inPlaceField(NodeSetting setting) {
        if (setting.value() == NodeSetting.NODE_ACCOUNT) {
            throw new IllegalArgumentException("the node service account cannot change in place");
        }
        String top = path(setting).group(1).split("\\.")[0];
        FieldDescriptor request = UpdateNodePoolRequest.getDescriptor().findFieldByName(top);
        FieldDescriptor node = NodeConfig.getDescriptor().findFieldByName(top);
        if (request == null || request.getType() != node.getType() || request.isRepeated() != node.isRepeated()
                || request.getType() == FieldDescriptor.Type.MESSAGE
                && !request.getMessageType().equals(node.getMessageType())) {
            throw new IllegalArgumentException("UpdateNodePoolRequest has no field " + top + " of NodeConfig's type, so"
                    + " GKE cannot change it in place; declare it without changedInPlace()");
        }
        return request;
    }

    /** Strings quoted, enum values and booleans bare, as the field's type has them. */
    private static String text(NodeSetting setting) {
        if (setting.value() instanceof NodeSetting.Placeholder placeholder) {
            return placeholder.text();
        }
        if (setting.value() instanceof List<?> list) {
            return list.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
        }
        return leaf(setting).getJavaType() == FieldDescriptor.JavaType.STRING ? "\"" + setting.value() + "\""
                : setting.value().toString();
    }

    /** The field the value goes in: the last of the path, or a map's value field. */
    private static FieldDescriptor leaf(NodeSetting setting) {
        Matcher path = path(setting);
        Descriptor type = NodeConfig.getDescriptor();
        FieldDescriptor field = null;
        for (String name : path.group(1).split("\\.")) {
            field = field(type, name);
            type = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
        }
        return path.group(2) == null ? field : field.getMessageType().findFieldByName("value");
    }

    private static String flag(String name, NodeSetting setting, String account) {
        Object value = setting.resolved(account);
        Optional<String> key = Optional.ofNullable(path(setting).group(2));
        if (value instanceof Boolean on) {
            return on ? name : "--no-" + name.substring(2);
        }
        String text = value instanceof List<?> list ? list.stream().map(Object::toString).collect(Collectors.joining(","))
                : value.toString();
        return name + "=" + key.map(k -> k + "=").orElse("") + text;
    }

    private static Matcher path(NodeSetting setting) {
        Matcher matcher = PATH.matcher(setting.field());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a field path (a.b_c, or map[\"key\"])");
        }
        return matcher;
    }

    /** Sets the setting's field below {@code root}, creating the messages on its way and keeping their other fields. */
    private static void set(Message.Builder root, NodeSetting setting, String account) {
        Matcher path = path(setting);
        String[] names = path.group(1).split("\\.");
        Message.Builder message = root;
        for (int i = 0; i < names.length - 1; i++) {
            FieldDescriptor field = field(message.getDescriptorForType(), names[i]);
            if (field.getType() != FieldDescriptor.Type.MESSAGE || field.isRepeated()) {
                throw new IllegalArgumentException(names[i] + " is not a single message");
            }
            message = message.getFieldBuilder(field);
        }
        FieldDescriptor field = field(message.getDescriptorForType(), names[names.length - 1]);
        Object value = setting.resolved(account);
        if (path.group(2) != null) {
            put(message, field, path.group(2), value);
        } else if (field.isRepeated()) {
            if (!(value instanceof List<?> list)) {
                throw new IllegalArgumentException(field.getName() + " is repeated: its value is a list");
            }
            message.clearField(field);
            for (Object item : list) {
                message.addRepeatedField(field, converted(field, item));
            }
        } else {
            message.setField(field, converted(field, value));
        }
    }

    /** Puts one key of a map field, leaving its other keys as they are. */
    private static void put(Message.Builder message, FieldDescriptor map, String key, Object value) {
        if (!map.isMapField()) {
            throw new IllegalArgumentException(map.getName() + " is not a map: [\"" + key + "\"] selects nothing");
        }
        Descriptor entryType = map.getMessageType();
        FieldDescriptor keyField = entryType.findFieldByName("key");
        FieldDescriptor valueField = entryType.findFieldByName("value");
        Message entry = message.newBuilderForField(map).setField(keyField, key)
                .setField(valueField, converted(valueField, value)).build();
        List<Integer> same = new ArrayList<>();
        for (int i = 0; i < message.getRepeatedFieldCount(map); i++) {
            if (key.equals(((Message) message.getRepeatedField(map, i)).getField(keyField))) {
                same.add(i);
            }
        }
        if (same.isEmpty()) {
            message.addRepeatedField(map, entry);
        } else {
            message.setRepeatedField(map, same.get(0), entry);
        }
    }

    private static FieldDescriptor field(Descriptor type, String name) {
        FieldDescriptor field = type.findFieldByName(name);
        if (field == null) {
            throw new IllegalArgumentException(type.getName() + " has no field " + name);
        }
        return field;
    }

    private static Object converted(FieldDescriptor field, Object value) {
        switch (field.getJavaType()) {
            case ENUM -> {
                EnumValueDescriptor named = value instanceof String name ? field.getEnumType().findValueByName(name) : null;
                if (named == null) {
                    throw new IllegalArgumentException(value + " is no value of " + field.getEnumType().getName());
                }
                return named;
            }
            case STRING -> {
                if (value instanceof String) {
                    return value;
                }
            }
            case BOOLEAN -> {
                if (value instanceof Boolean) {
                    return value;
                }
            }
            default -> {
            }
        }
        throw new IllegalArgumentException(field.getName() + " is a " + field.getJavaType() + ", not " + value);
    }
}
