package io.quotepipe.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.List;
import java.util.Map;

/**
 * Reads CloudFormation YAML: the short-form intrinsic tags become their long JSON form, as CloudFormation itself
 * reads them ({@code !Ref X} is {@code {"Ref": "X"}}, {@code !GetAtt A.B} is {@code {"Fn::GetAtt": ["A", "B"]}},
 * {@code !Sub s} is {@code {"Fn::Sub": s}}, {@code !Condition C} is {@code {"Condition": "C"}}). Duplicate keys are
 * errors, as they are for CloudFormation.
 */
final class CfnYaml {

    private CfnYaml() {
    }

    static Object load(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new IntrinsicConstructor(options)).load(yaml);
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            yamlMultiConstructors.put("!", new Intrinsic());
        }

        private final class Intrinsic extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String tag = node.getTag().getValue().substring(1);
                Object value = switch (node) {
                    case ScalarNode scalar -> constructScalar(scalar);
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new IllegalArgumentException("unexpected node under !" + tag + ": " + node);
                };
                return switch (tag) {
                    case "Ref" -> Map.of("Ref", value);
                    case "Condition" -> Map.of("Condition", value);
                    case "GetAtt" -> Map.of("Fn::GetAtt", value instanceof String s
                            ? List.of(s.substring(0, s.indexOf('.')), s.substring(s.indexOf('.') + 1))
                            : value);
                    default -> Map.of("Fn::" + tag, value);
                };
            }
        }
    }
}
